-- expect: run it with --out /tmp/chiso-sandbox-pwned-refusal_names_write_option.csv to allow it
-- A refused write names the option that would allow it.
chiso.dataset{a = {1}}:to_csv("/tmp/chiso-sandbox-pwned-refusal_names_write_option.csv")
