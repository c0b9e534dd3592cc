-- i18n: looks up the user-facing strings of chiso.strings in a language, and
-- formats numbers and measures text for display (Vietnamese by default).

local strings = require "chiso.strings"

local has_chiso, chiso = pcall(require, "chiso")
local null = has_chiso and chiso.null or {}

local i18n = {}

-- The languages every string has, in the order the messages list them.
i18n.languages = {"vi", "en"}

local known_language = {}
for _, lang in ipairs(i18n.languages) do
  known_language[lang] = true
end

-- The language, checked: "vi" when lang is nil; an unknown one is an error
-- raised at the caller's caller (level counts as for error()).
function i18n.check_lang(lang, level)
  if lang == nil then
    return "vi"
  end
  if not known_language[lang] then
    error(string.format("unknown language '%s' (expected %s)", tostring(lang),
      table.concat(i18n.languages, " or ")), (level or 1) + 1)
  end
  return lang
end

-- A function(key, ...) giving i18n.t(key, lang, ...), for code that keeps to one language.
function i18n.translator(lang)
  return function(key, ...)
    return i18n.t(key, lang, ...)
  end
end

-- The string `key` in `lang`, formatted with the extra arguments.
function i18n.t(key, lang, ...)
  lang = i18n.check_lang(lang, 2)
  local entry = strings[key]
  if entry == nil then
    error(string.format("unknown string key '%s'", tostring(key)), 2)
  end
  local text = entry[lang]
  if text == nil then
    error(string.format("string key '%s' has no '%s' text", key, lang), 2)
  end
  return string.format(text, ...)
end

-- The shortest decimal form of a float that reads back as the same number.
function i18n.shortest(x)
  for digits = 1, 17 do
    local text = string.format("%." .. digits .. "g", x)
    if tonumber(text) == x then
      return text
    end
  end
  return string.format("%.17g", x)
end

-- x for display: decimals digits after the point (the shortest exact form
-- when decimals is nil), a decimal comma in Vietnamese, "—" for a missing value.
function i18n.number(x, decimals, lang)
  lang = i18n.check_lang(lang, 2)
  if x == nil or x == null then
    return "—"
  end
  if type(x) ~= "number" then
    error(string.format("bad argument #1 to 'number' (number expected, got %s)", type(x)), 2)
  end
  if decimals ~= nil and (math.type(decimals) ~= "integer" or decimals < 0 or decimals > 20) then
    error("bad argument #2 to 'number' (decimals must be an integer from 0 to 20)", 2)
  end
  if x ~= x then
    return "—"
  elseif x == math.huge or x == -math.huge then
    return x > 0 and "∞" or "-∞"
  end
  local text
  if decimals ~= nil then
    text = string.format("%." .. decimals .. "f", x)
  elseif math.type(x) == "integer" then
    text = tostring(x)
  else
    text = i18n.shortest(x)
  end
  if text:match("^%-0[%.0]*$") then
    text = text:sub(2)
  end
  if lang == "vi" then
    text = text:gsub("%.", ",")
  end
  return text
end

-- Code points that take no column (combining marks) and those that take two
-- (East Asian wide), as sorted {first, last} ranges.
local zero_width = {
  {0x0300, 0x036F}, {0x0483, 0x0489}, {0x0591, 0x05BD}, {0x0610, 0x061A},
  {0x064B, 0x065F}, {0x1AB0, 0x1AFF}, {0x1DC0, 0x1DFF}, {0x200B, 0x200F},
  {0x20D0, 0x20FF}, {0xFE00, 0xFE0F}, {0xFE20, 0xFE2F}, {0xFEFF, 0xFEFF},
}
local double_width = {
  {0x1100, 0x115F}, {0x2E80, 0x303E}, {0x3041, 0x33FF}, {0x3400, 0x4DBF},
  {0x4E00, 0x9FFF}, {0xA000, 0xA4CF}, {0xAC00, 0xD7A3}, {0xF900, 0xFAFF},
  {0xFE30, 0xFE4F}, {0xFF00, 0xFF60}, {0xFFE0, 0xFFE6}, {0x1F300, 0x1F64F},
  {0x1F900, 0x1F9FF}, {0x20000, 0x3FFFD},
}

local function in_ranges(code, ranges)
  for _, range in ipairs(ranges) do
    if code < range[1] then
      return false
    elseif code <= range[2] then
      return true
    end
  end
  return false
end

-- Terminal columns a string takes: one per letter, with or without tone
-- marks, precomposed or not; text that is not UTF-8 counts one per byte.
function i18n.width(text)
  local width = 0
  local ok = pcall(function()
    for _, code in utf8.codes(text) do
      if code >= 0x20 and not in_ranges(code, zero_width) then
        width = width + (in_ranges(code, double_width) and 2 or 1)
      end
    end
  end)
  return ok and width or #text
end

-- The text with every byte that is not part of valid UTF-8 replaced by
-- U+FFFD, so that HTML, JSON and SVG output stays well-formed.
function i18n.clean(text)
  if utf8.len(text) then
    return text
  end
  local parts, i = {}, 1
  while i <= #text do
    local length, bad = utf8.len(text, i)
    if length then
      parts[#parts + 1] = text:sub(i)
      break
    end
    parts[#parts + 1] = text:sub(i, bad - 1)
    parts[#parts + 1] = "\u{FFFD}"
    i = bad + 1
  end
  return table.concat(parts)
end

return i18n
