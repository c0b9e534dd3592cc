/*
 * xlsxout.h - what the two halves of writing a workbook share:
 * xlsxwrite.c builds it with libxlsxwriter in a work file, and tells
 * xlsxfinish.c what each sheet holds; xlsxfinish.c checks every part of the
 * work file and hands the workbook's bytes to the outfile, with the numbers
 * libxlsxwriter could not write exactly put right.
 *
 * Ownership: the datasets are borrowed for the call; the outfile stays the
 * caller's, to commit or abort.
 */
#ifndef CHISO_XLSXOUT_H
#define CHISO_XLSXOUT_H

#include <stddef.h>

#include "dataset.h"
#include "err.h"
#include "outfile.h"

/* What was written of one sheet. */
typedef struct xlsx_written {
  const dataset *data;
  size_t cells; /* <c> elements: the header's and every value's but nulls and empty strings */
  int inexact;  /* some float's 16 significant digits (all libxlsxwriter writes) do not read back */
} xlsx_written;

/*
 * Checks the workbook in the work file fd (each sheet whole, with the cells
 * it should have; every other part well-formed XML), rewrites the numbers
 * of float columns whose text was not exact when a sheet says so, and
 * writes the workbook to out. ERR_IO when the work file is not what was
 * written (a disk that filled up), else as outfile_write fails.
 */
int xlsx_finish(int fd, const xlsx_written *sheets, size_t n, outfile *out, cherr *e);

#endif
