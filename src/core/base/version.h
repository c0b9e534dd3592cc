/*
 * version.h - chiso's version, in one place for chiso.version and for the
 * command line's --version.
 */
#ifndef CHISO_VERSION_H
#define CHISO_VERSION_H

#define CHISO_VERSION "0.1.0"

#endif
