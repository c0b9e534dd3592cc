-- chart_labels: where chiso.chart writes its labels. A label's box is
-- estimated from the advance widths of the widest fonts of the charts' font
-- stack, so that it is never narrower than the text a browser draws; place
-- puts each label beside its point where no point, label or leader line is,
-- or further out with a leader line to its point, or leaves it out.

local labels = {}

-- Advance widths in hundredths of an em, rounded up to 5, of each letter in
-- the larger of DejaVu Sans and Liberation Sans (Arial's metrics), measured
-- in headless Chromium: for each character, getComputedTextLength() of an SVG
-- <text> at font-size 1000 (the space from "a a" less "aa"). Noto Sans, first
-- in the stack, is narrower than DejaVu Sans. Any other character counts an
-- em (more in bold); combining marks count nothing, as in i18n.width.
local NORMAL = {
  [30] = [=['IijlìíỉĩịÌÍỈĨỊ]=],
  [35] = [=[ ,./:;\|·’]=],
  [40] = [=[()-[]ft]=],
  [45] = [=[!r]=],
  [50] = [=["*J`]=],
  [55] = [=[csz“”]=],
  [60] = [=[?L_kvxyỳýỷỹỵ–]=],
  [65] = [=[$0123456789FTabdeghnopqu{}àáảãạăằắẳẵặâầấẩẫậèéẻẽẹêềếểễệòóỏõọôồốổỗộơờớởỡợùúủũụưừứửữựđ]=],
  [70] = [=[ABEKPSVXYZÀÁẢÃẠĂẰẮẲẴẶÂẦẤẨẪẬÈÉẺẼẸÊỀẾỂỄỆỲÝỶỸỴ]=],
  [75] = [=[CNRUÙÚỦŨỤ]=],
  [80] = [=[&DGHOQÒÓỎÕỌÔỒỐỔỖỘĐ]=],
  [85] = [=[#+<=>^w~×≤≥−]=],
  [90] = [=[MƯỪỨỬỮỰ]=],
  [95] = [=[ƠỜỚỞỠỢ]=],
  [100] = [=[%Wm—…]=],
  [105] = [=[@]=],
}
local BOLD = {
  [35] = [=[ 'ijlìíỉĩị]=],
  [40] = [=[,./:;I\|ÌÍỈĨỊ·’]=],
  [45] = [=[-f]=],
  [50] = [=[!()[]`rt]=],
  [55] = [=["*]=],
  [60] = [=[J_csz–]=],
  [65] = [=[?Lx]=],
  [70] = [=[$0123456789EFTaekovyàáảãạăằắẳẵặâầấẩẫậèéẻẽẹêềếểễệòóỏõọôồốổỗộơờớởỡợỳýỷỹỵÈÉẺẼẸÊỀẾỂỄỆ“”]=],
  [75] = [=[CPSYZbdghnpqu{}ùúủũụưừứửữựđỲÝỶỸỴ]=],
  [80] = [=[ABKRVXÀÁẢÃẠĂẰẮẲẴẶÂẦẤẨẪẬ]=],
  [85] = [=[#+<=>DGHNU^~ÙÚỦŨỤĐ×≤≥−]=],
  [90] = [=[&OQÒÓỎÕỌÔỒỐỔỖỘƯỪỨỬỮỰ]=],
  [95] = [=[wƠỜỚỞỠỢ]=],
  [100] = [=[@M—…]=],
  [105] = [=[%m]=],
  [115] = [=[W]=],
}
local OTHER = {normal = 1, bold = 1.15}

local function by_code(buckets)
  local widths = {}
  for hundredths, letters in pairs(buckets) do
    for _, code in utf8.codes(letters) do
      widths[code] = hundredths / 100
    end
  end
  return widths
end

local WIDTHS = {normal = by_code(NORMAL), bold = by_code(BOLD)}

-- Combining marks (as i18n.width has them): no advance of their own.
local function combining(code)
  return code >= 0x0300 and code <= 0x036F or code >= 0x1AB0 and code <= 0x1AFF
    or code >= 0x1DC0 and code <= 0x1DFF or code >= 0x20D0 and code <= 0x20FF
    or code >= 0xFE20 and code <= 0xFE2F or code >= 0x200B and code <= 0x200F
end

-- The width in pixels a browser gives text at size pixels, or a little more.
-- SVG draws a run of spaces as one, so counting each space only adds room.
function labels.text_width(text, size, bold)
  local weight = bold and "bold" or "normal"
  local widths, other = WIDTHS[weight], OTHER[weight]
  local ems = 0
  local ok = pcall(function()
    for _, code in utf8.codes(text) do
      if code >= 0x20 and not combining(code) then
        ems = ems + (widths[code] or other)
      end
    end
  end)
  if not ok then
    ems = #text * other
  end
  return ems * size
end

-- Above and below the baseline, in ems: room for a capital's stacked tone
-- mark (Ấ) and for descenders.
labels.ASCENT, labels.DESCENT = 1.0, 0.25

-- The box {x0, y0, x1, y1} of text drawn at (x, baseline) with a text-anchor.
function labels.text_box(x, baseline, text, size, anchor, bold)
  local w = labels.text_width(text, size, bold)
  local x0 = anchor == "end" and x - w or anchor == "middle" and x - w / 2 or x
  return {x0, baseline - labels.ASCENT * size, x0 + w, baseline + labels.DESCENT * size}
end

-- Geometry ------------------------------------------------------------------

function labels.boxes_meet(a, b, pad)
  pad = pad or 0
  return a[1] < b[3] + pad and b[1] < a[3] + pad and a[2] < b[4] + pad and b[2] < a[4] + pad
end

-- Whether a circle meets a box: the box's nearest point to the centre is within r.
function labels.circle_meets_box(cx, cy, r, box)
  local nx = math.max(box[1], math.min(cx, box[3]))
  local ny = math.max(box[2], math.min(cy, box[4]))
  return (nx - cx) ^ 2 + (ny - cy) ^ 2 < r * r
end

-- Whether the segment from (x1, y1) to (x2, y2) meets a box (Liang and Barsky's clipping).
function labels.segment_meets_box(x1, y1, x2, y2, box)
  local t0, t1 = 0, 1
  local dx, dy = x2 - x1, y2 - y1
  for _, edge in ipairs{{-dx, x1 - box[1]}, {dx, box[3] - x1}, {-dy, y1 - box[2]},
      {dy, box[4] - y1}} do
    local p, q = edge[1], edge[2]
    if p == 0 then
      if q < 0 then
        return false
      end
    else
      local t = q / p
      if p < 0 then
        t0 = math.max(t0, t)
      else
        t1 = math.min(t1, t)
      end
      if t0 > t1 then
        return false
      end
    end
  end
  return true
end

-- Spreads positions (sorted by wanted position) at least gap apart within
-- [lo, hi], moving each as little as the others allow; when they cannot all
-- fit, the last ones pass hi.
function labels.spread(wanted, gap, lo, hi)
  local placed = {}
  for i, y in ipairs(wanted) do
    placed[i] = math.max(y, lo, i > 1 and placed[i - 1] + gap or lo)
  end
  for i = #placed, 1, -1 do
    local limit = i < #placed and placed[i + 1] - gap or hi
    placed[i] = math.max(math.min(placed[i], limit), i > 1 and placed[i - 1] + gap or lo)
  end
  return placed
end

-- Placement -----------------------------------------------------------------

local GAP = 3        -- between a point's marker and a label beside it
local STEP = 8       -- between the rings of places further out
local RINGS = 18     -- so a label goes at most about 150 px from its point
local PAD = 1.5      -- kept free round every label

-- Beside the point first: right, left, the four corners, above, below.
local NEAR = {{1, 0}, {-1, 0}, {1, -1}, {-1, -1}, {1, 1}, {-1, 1}, {0, -1}, {0, 1}}
-- Further out, sixteen directions (in degrees, y downwards), the same ones first.
local FAR = {0, 180, -45, -135, 45, 135, -90, 90, -22.5, -157.5, 22.5, 157.5, -67.5, -112.5,
  67.5, 112.5}

-- The box of a w × h label whose nearest side or corner is at (px, py),
-- on the side of the point that (dx, dy) points to.
local function box_at(px, py, dx, dy, w, h)
  local x0 = dx > 0 and px or dx < 0 and px - w or px - w / 2
  local y0 = dy > 0 and py or dy < 0 and py - h or py - h / 2
  return {x0, y0, x0 + w, y0 + h}
end

local Placer = {}
Placer.__index = Placer

--[[
  A placer of labels inside bounds {x0, y0, x1, y1}. Its points (add_point)
  are obstacles for every label; each label placed becomes one for the next,
  with its leader line. Deterministic: the first free place in a fixed order.
]]
function labels.placer(bounds)
  return setmetatable({bounds = bounds, points = {}, boxes = {}, leaders = {}}, Placer)
end

function Placer:add_point(x, y, r)
  self.points[#self.points + 1] = {x, y, r}
end

-- A line no label may cover (a fitted line, say); leader lines may cross it.
function Placer:add_segment(x1, y1, x2, y2)
  self.leaders[#self.leaders + 1] = {x1, y1, x2, y2}
end

function Placer:free(box, leader, own)
  local b = self.bounds
  if box[1] < b[1] or box[2] < b[2] or box[3] > b[3] or box[4] > b[4] then
    return false
  end
  for _, p in ipairs(self.points) do
    if labels.circle_meets_box(p[1], p[2], p[3] + PAD, box) then
      return false
    end
  end
  for _, other in ipairs(self.boxes) do
    if labels.boxes_meet(box, other, PAD)
        or leader and labels.segment_meets_box(leader[1], leader[2], leader[3], leader[4], other) then
      return false
    end
  end
  for _, l in ipairs(self.leaders) do
    if labels.segment_meets_box(l[1], l[2], l[3], l[4], box) then
      return false
    end
  end
  if leader then
    for _, p in ipairs(self.points) do
      if p ~= own and labels.segment_meets_box(leader[1], leader[2], leader[3], leader[4],
          {p[1] - p[3], p[2] - p[3], p[1] + p[3], p[2] + p[3]}) then
        return false
      end
    end
  end
  return true
end

-- The leader from the edge of the point's marker to 2 px short of the box.
local function leader_to(x, y, r, box)
  local nx = math.max(box[1], math.min(x, box[3]))
  local ny = math.max(box[2], math.min(y, box[4]))
  local dx, dy = nx - x, ny - y
  local length = math.sqrt(dx * dx + dy * dy)
  if length <= r + 4 then
    return nil
  end
  local ux, uy = dx / length, dy / length
  return {x + ux * (r + 1), y + uy * (r + 1), nx - ux * 2, ny - uy * 2}
end

local function placed(box, dx, leader)
  local anchor = dx > 0 and "start" or dx < 0 and "end" or "middle"
  local x = dx > 0 and box[1] or dx < 0 and box[3] or (box[1] + box[3]) / 2
  return {box = box, anchor = anchor, x = x, leader = leader}
end

--[[
  Places a label of w × h pixels for the point at (x, y) with a marker of
  radius r (added with add_point before, so its own marker is avoided too):
  first beside it, then on rings further out with a leader line. Returns
  {box =, anchor =, x =, leader = {x1, y1, x2, y2} or nil}, x being where
  text with that text-anchor starts, or nil when there is no free place.
]]
function Placer:place(x, y, r, w, h)
  local own
  for _, p in ipairs(self.points) do
    if p[1] == x and p[2] == y and p[3] == r then
      own = p
    end
  end
  local near = r + GAP
  for _, d in ipairs(NEAR) do
    local k = (d[1] ~= 0 and d[2] ~= 0) and 0.7 or 1
    local box = box_at(x + d[1] * near * k, y + d[2] * near * k, d[1], d[2], w, h)
    if self:free(box, nil, own) then
      return self:keep(placed(box, d[1]))
    end
  end
  for ring = 1, RINGS do
    local distance = near + ring * STEP
    for _, degrees in ipairs(FAR) do
      local c, s = math.cos(math.rad(degrees)), math.sin(math.rad(degrees))
      local dx = c > 0.38 and 1 or c < -0.38 and -1 or 0
      local dy = s > 0.38 and 1 or s < -0.38 and -1 or 0
      local box = box_at(x + c * distance, y + s * distance, dx, dy, w, h)
      local leader = leader_to(x, y, r, box)
      if self:free(box, leader, own) then
        return self:keep(placed(box, dx, leader))
      end
    end
  end
  return nil
end

function Placer:keep(label)
  self.boxes[#self.boxes + 1] = label.box
  if label.leader then
    self.leaders[#self.leaders + 1] = label.leader
  end
  return label
end

return labels
