-- expect: report sees <chiso>/data
-- chiso.paths names the bundled folders without their real place.
error("report sees " .. chiso.paths.data, 0)
