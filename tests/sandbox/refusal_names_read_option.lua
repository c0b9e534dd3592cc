-- expect: run chiso with --allow-read /srv/chiso-data to allow it
-- A refused read names the option that would allow it, in the report's own words.
chiso.read_csv("/srv/chiso-data/par2024.csv")
