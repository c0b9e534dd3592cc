-- chiso.stats and ds:cor: Pearson, Spearman and Kendall correlation with
-- p-values and intervals, least squares, type-7 quantiles and describe,
-- against hand-worked small cases (working shown) and values printed by
-- SciPy 1.10.1, pandas 1.5.3 and R 4.2.2, each with the command that
-- printed it. Numbers are compared to 1e-12 relative error.

local T = require "testing"

local stats = chiso.stats
local null = chiso.null
local nan = 0 / 0

-- actual within 1e-12 of expected, relative to expected (exact when expected is 0).
local function rel_near(actual, expected, what)
  T.near(actual, expected, 1e-12 * math.abs(expected), what)
end

-- Every listed field of a result within 1e-12 relative; fields absent from expected must be nil.
local function fields_near(result, expected, what)
  for _, key in ipairs({"r", "p", "ci_low", "ci_high", "slope", "intercept", "se_slope",
                        "se_intercept", "sigma", "r2"}) do
    if expected[key] == nil then
      T.eq(result[key], nil, (what or "result") .. " " .. key)
    else
      rel_near(result[key], expected[key], (what or "result") .. " " .. key)
    end
  end
end

-- Hand-worked cases

T.case("pearson of three points by hand", function()
  -- x = 1,2,3 and y = 1,3,2: means 2 and 2, deviations (-1,0,1) and (-1,1,0);
  -- sxy = 1, sxx = syy = 2, so r = 1/2. With 1 df, t = r / sqrt(1 - r^2) = 1/sqrt(3)
  -- and t is Cauchy: p = 1 - (2/pi) atan(1/sqrt(3)) = 1 - (2/pi)(pi/6) = 2/3.
  -- No interval for n <= 3 (as R's cor.test).
  -- /usr/bin/python3 -c 'from scipy import stats; print(repr(stats.pearsonr([1,2,3],[1,3,2])))'
  --   PearsonRResult(statistic=0.4999999999999999, pvalue=0.6666666666666667)
  local c = stats.cor({1, 2, 3}, {1, 3, 2})
  fields_near(c, {r = 0.5, p = 2 / 3})
  T.eq(c.n, 3, "n")
  T.eq(c.method, "pearson", "method")
  T.eq(c.ties, false, "ties")
end)

T.case("four points by hand: pearson, spearman and kendall", function()
  -- x = 1,2,3,4 and y = 2,1,4,3: deviations (-1.5,-.5,.5,1.5) and (-.5,-1.5,1.5,.5);
  -- sxy = .75 * 4 = 3, sxx = syy = 5, r = 0.6. With 2 df, t^2 = 2 r^2 / (1 - r^2),
  -- and P(|T| > t) = 1 - t / sqrt(2 + t^2) = 1 - |r| = 0.4.
  -- Fisher z: atanh(0.6) = ln 2, se = 1/sqrt(4 - 3) = 1:
  -- tanh(ln 2 -+ 1.959963984540054) = (4 e^(-+2q) - 1) / (4 e^(-+2q) + 1).
  -- Rscript -e 't <- cor.test(c(1,2,3,4), c(2,1,4,3)); cat(sprintf("%.17g", c(t$estimate, t$p.value, t$conf.int)), "\n")'
  --   0.60000000000000009 0.39999999999999991 -0.85293256469471812 0.99012771079969442
  local x, y = {1, 2, 3, 4}, {2, 1, 4, 3}
  fields_near(stats.cor(x, y), {r = 0.6, p = 0.4, ci_low = -0.85293256469471812,
                                ci_high = 0.99012771079969442}, "pearson")
  local q = 1.959963984540054
  rel_near(stats.cor(x, y).ci_low, (4 * math.exp(-2 * q) - 1) / (4 * math.exp(-2 * q) + 1),
    "pearson ci_low by hand")
  -- The values are their own ranks, so spearman is the same r = 0.6 and p = 0.4; its
  -- interval uses se = sqrt((1 + r^2/2) / (n - 3)) = sqrt(1.18).
  local s = stats.cor(x, y, {method = "spearman"})
  rel_near(s.r, 0.6, "spearman r")
  rel_near(s.p, 0.4, "spearman p")
  local z, se = math.log(2), math.sqrt(1.18)
  rel_near(s.ci_low, (math.exp(2 * (z - se * q)) - 1) / (math.exp(2 * (z - se * q)) + 1),
    "spearman ci_low")
  -- Kendall: of the 6 pairs, (1,2) and (3,4) are discordant, the other 4 concordant:
  -- tau = (4 - 2) / 6 = 1/3. Exact p: permutations of 4 with at most 2 inversions
  -- are 1 + 3 + 5 = 9 of 24, so p = 2 * 9 / 24 = 0.75. No interval for n <= 4.
  -- /usr/bin/python3 -c 'from scipy import stats; print(repr(stats.kendalltau([1,2,3,4],[2,1,4,3])))'
  --   SignificanceResult(statistic=0.3333333333333334, pvalue=0.75)
  local k = stats.cor(x, y, {method = "kendall"})
  fields_near(k, {r = 1 / 3, p = 0.75}, "kendall")
  T.eq(k.ties, false, "ties")
end)

T.case("quantile by hand", function()
  -- x = 1,2,3,4,10, q = 0.3: h = (5 - 1) * 0.3 = 1.2, so x[2] + 0.2 * (x[3] - x[2]) = 2.2.
  rel_near(stats.quantile({1, 2, 3, 4, 10}, 0.3), 2.2, "q = 0.3")
  T.eq(stats.quantile({4, 1, 10, 3, 2}, 0), 1.0, "q = 0 is the minimum")
  T.eq(stats.quantile({4, 1, 10, 3, 2}, 1), 10.0, "q = 1 is the maximum")
end)

T.case("least squares of three points by hand", function()
  -- y = 1,3,2 on x = 1,2,3: slope = sxy / sxx = 1/2, intercept = 2 - 0.5 * 2 = 1;
  -- fitted 1.5, 2, 2.5, residuals -0.5, 1, -0.5, rss = 1.5 on 1 df: sigma = sqrt(1.5);
  -- se_slope = sigma / sqrt(2) = sqrt(0.75); se_intercept = sigma * sqrt(1/3 + 4/2) = sqrt(3.5);
  -- r2 = mss / (mss + rss) = 0.5 / 2 = 0.25; t = 0.5 / sqrt(0.75) = 1/sqrt(3) on 1 df: p = 2/3.
  -- Rscript -e 's <- summary(lm(c(1,3,2) ~ c(1,2,3))); cat(sprintf("%.17g", c(coef(s)[, 1:2], s$coefficients[2, 4], s$r.squared, s$sigma)), "\n")'
  --   1.0000000000000016 0.49999999999999939 1.8708286933869707 0.86602540378443849 0.66666666666666696 0.25000000000000011 1.2247448713915885
  local fit = stats.lm({1, 3, 2}, {1, 2, 3})
  fields_near(fit, {slope = 0.5, intercept = 1, se_slope = math.sqrt(0.75),
                    se_intercept = math.sqrt(3.5), sigma = math.sqrt(1.5), r2 = 0.25, p = 2 / 3})
  T.eq(fit.n, 3, "n")
end)

-- Against SciPy and R

T.case("negative correlation matches scipy and R", function()
  -- /usr/bin/python3 -c 'from scipy import stats; print(repr(stats.pearsonr([1,2,3,4,5],[10,9,2.5,6,4])))'
  --   PearsonRResult(statistic=-0.7426106572325057, pvalue=0.15055580885344544)
  -- Rscript -e 't <- cor.test(c(1,2,3,4,5), c(10,9,2.5,6,4)); cat(sprintf("%.17g", c(t$estimate, t$p.value, t$conf.int)), "\n")'
  --   -0.74261065723250574 0.15055580885344541 -0.98169180447864635 0.40501116769030915
  local x, y = {1, 2, 3, 4, 5}, {10, 9, 2.5, 6, 4}
  fields_near(stats.cor(x, y), {r = -0.7426106572325057, p = 0.15055580885344544,
                                ci_low = -0.98169180447864635, ci_high = 0.40501116769030915})
  -- /usr/bin/python3 -c 'from scipy import stats; print(repr(stats.spearmanr([1,2,3,4,5],[10,9,2.5,6,4])))'
  --   SignificanceResult(statistic=-0.7, pvalue=0.1881204043741873)
  -- interval: /usr/bin/python3 -c 'import math; r=-0.7; n=5; z=math.atanh(r); se=math.sqrt((1+r*r/2)/(n-3)); print(repr(math.tanh(z-se*1.959963984540054)), repr(math.tanh(z+se*1.959963984540054)))'
  --   -0.9841121485643708 0.5909242098168019
  fields_near(stats.cor(x, y, {method = "spearman"}), {r = -0.7, p = 0.1881204043741873,
    ci_low = -0.9841121485643708, ci_high = 0.5909242098168019}, "spearman")
  -- /usr/bin/python3 -c 'from scipy import stats; print(repr(stats.kendalltau([1,2,3,4,5],[10,9,2.5,6,4])))'
  --   SignificanceResult(statistic=-0.6, pvalue=0.23333333333333334)
  -- interval: /usr/bin/python3 -c 'import math; r=-0.6; n=5; z=math.atanh(r); se=math.sqrt(0.437/(n-4)); print(repr(math.tanh(z-se*1.959963984540054)), repr(math.tanh(z+se*1.959963984540054)))'
  --   -0.9632277233109175 0.5388304736508197
  fields_near(stats.cor(x, y, {method = "kendall"}), {r = -0.6, p = 0.23333333333333334,
    ci_low = -0.9632277233109175, ci_high = 0.5388304736508197}, "kendall")
end)

T.case("ties: spearman averages ranks, kendall uses the tie-corrected normal p", function()
  -- /usr/bin/python3 -c 'from scipy import stats; x=[1,2,2,3,4,4,4,5,6,7]; y=[2,1,3,3,5,4,6,6,8,7]; print(repr(stats.spearmanr(x,y))); print(repr(stats.kendalltau(x,y))); print(repr(stats.pearsonr(x,y)))'
  --   SignificanceResult(statistic=0.93812095999547, pvalue=5.950220707696837e-05)
  --   SignificanceResult(statistic=0.8335696394016967, pvalue=0.0013041918629363403)
  --   PearsonRResult(statistic=0.91305728641498, pvalue=0.00022483521855769665)
  -- Rscript -e 'x <- c(1,2,2,3,4,4,4,5,6,7); y <- c(2,1,3,3,5,4,6,6,8,7); t <- suppressWarnings(cor.test(x, y, method="kendall")); cat(sprintf("%.17g", c(t$estimate, t$p.value)), "\n")'
  --   0.83356963940169648 0.0013041918629363464
  local x, y = {1, 2, 2, 3, 4, 4, 4, 5, 6, 7}, {2, 1, 3, 3, 5, 4, 6, 6, 8, 7}
  local s = stats.cor(x, y, {method = "spearman"})
  rel_near(s.r, 0.93812095999547, "spearman r")
  rel_near(s.p, 5.950220707696837e-05, "spearman p")
  T.eq(s.ties, true, "spearman ties")
  local k = stats.cor(x, y, {method = "kendall"})
  rel_near(k.r, 0.8335696394016967, "kendall r")
  rel_near(k.p, 0.0013041918629363403, "kendall p")
  T.eq(k.ties, true, "kendall ties")
  local p = stats.cor(x, y)
  rel_near(p.r, 0.91305728641498, "pearson r")
  rel_near(p.p, 0.00022483521855769665, "pearson p")
  T.eq(p.ties, false, "pearson never reports ties")
end)

T.case("kendall: exact p for 12 values without ties, as scipy and R", function()
  -- /usr/bin/python3 -c 'from scipy import stats; print(repr(stats.kendalltau(range(1,13),[3,1,4,12,5,9,2,6,8,7,11,10])))'
  --   SignificanceResult(statistic=0.4545454545454545, pvalue=0.04473689858238469)
  -- Rscript -e 't <- cor.test(1:12, c(3,1,4,12,5,9,2,6,8,7,11,10), method="kendall"); cat(sprintf("%.17g", c(t$estimate, t$p.value)), "\n")'
  --   0.45454545454545453 0.04473689858238461
  local x = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12}
  local k = stats.cor(x, {3, 1, 4, 12, 5, 9, 2, 6, 8, 7, 11, 10}, {method = "kendall"})
  rel_near(k.r, 0.4545454545454545, "tau")
  rel_near(k.p, 0.04473689858238469, "p")
  T.eq(k.ties, false, "ties")
end)

T.case("kendall beyond 33 values: normal p, or exact when at most one pair is out of order", function()
  -- /usr/bin/python3 -c 'from scipy import stats; x=list(range(1,41)); y=[i*17%41 for i in x]; print(y); print(repr(stats.kendalltau(x,y))); print(repr(stats.spearmanr(x,y))); print(repr(stats.pearsonr(x,y)))'
  --   [17, 34, 10, 27, 3, 20, 37, 13, 30, 6, 23, 40, 16, 33, 9, 26, 2, 19, 36, 12, 29, 5, 22, 39, 15, 32, 8, 25, 1, 18, 35, 11, 28, 4, 21, 38, 14, 31, 7, 24]
  --   SignificanceResult(statistic=-0.023076923076923078, pvalue=0.8338872904063295)
  --   SignificanceResult(statistic=-0.02307692307692308, pvalue=0.8875998848264031)
  --   PearsonRResult(statistic=-0.023076923076923075, pvalue=0.8875998848264035)
  local x, y = {}, {17, 34, 10, 27, 3, 20, 37, 13, 30, 6, 23, 40, 16, 33, 9, 26, 2, 19, 36, 12,
                    29, 5, 22, 39, 15, 32, 8, 25, 1, 18, 35, 11, 28, 4, 21, 38, 14, 31, 7, 24}
  for i = 1, 40 do x[i] = i end
  local k = stats.cor(x, y, {method = "kendall"})
  rel_near(k.r, -0.023076923076923078, "tau")
  rel_near(k.p, 0.8338872904063295, "p")
  T.eq(k.ties, false, "no ties: the normal p comes from the size, not from ties")
  local s = stats.cor(x, y, {method = "spearman"})
  rel_near(s.r, -0.02307692307692308, "spearman r")
  rel_near(s.p, 0.8875998848264031, "spearman p")
  rel_near(stats.cor(x, y).p, 0.8875998848264035, "pearson p")
  -- /usr/bin/python3 -c 'from scipy import stats; x=list(range(1,41)); y=[2,1]+list(range(3,41)); print(repr(stats.kendalltau(x,y))); print(repr(stats.kendalltau(x,x)))'
  --   SignificanceResult(statistic=0.9974358974358974, pvalue=9.804939513027087e-47)
  --   SignificanceResult(statistic=1.0, pvalue=2.451234878256772e-48)
  -- (one discordant pair: p = 2/39!; none: p = 2/40!)
  local swapped = {2, 1}
  for i = 3, 40 do swapped[i] = i end
  local one = stats.cor(x, swapped, {method = "kendall"})
  rel_near(one.r, 0.9974358974358974, "one swap tau")
  rel_near(one.p, 9.804939513027087e-47, "one swap p")
  rel_near(stats.cor(x, x, {method = "kendall"}).p, 2.451234878256772e-48, "sorted p")
end)

T.case("perfect correlation: r = 1, p = 0, interval (1, 1)", function()
  -- /usr/bin/python3 -c 'from scipy import stats; x=[1,2,3,4,5]; y=[2,4,6,8,10]; print(repr(stats.pearsonr(x,y)), repr(stats.spearmanr(x,y)), repr(stats.kendalltau(x,y)))'
  --   PearsonRResult(statistic=1.0, pvalue=0.0) SignificanceResult(statistic=0.9999999999999999, pvalue=1.4042654220543672e-24) SignificanceResult(statistic=0.9999999999999999, pvalue=0.016666666666666666)
  -- SciPy's spearman p comes from its r rounding to 1 - 1e-16; with r exactly 1 the t statistic
  -- is infinite and p is 0. Kendall's exact p is 2/5! = 1/60. R's cor.test also gives
  -- r = 1 - 2e-16 here, and tanh(atanh(1) -+ h) = 1 for r exactly 1.
  local x, y = {1, 2, 3, 4, 5}, {2, 4, 6, 8, 10}
  fields_near(stats.cor(x, y), {r = 1, p = 0, ci_low = 1, ci_high = 1}, "pearson")
  local s = stats.cor(x, y, {method = "spearman"})
  rel_near(s.r, 1, "spearman r")
  T.eq(s.p, 0.0, "spearman p")
  local k = stats.cor(x, y, {method = "kendall"})
  rel_near(k.r, 1, "kendall r")
  rel_near(k.p, 1 / 60, "kendall p")
  local neg = stats.cor(x, {5, 4, 3, 2, 1})
  fields_near(neg, {r = -1, p = 0, ci_low = -1, ci_high = -1}, "perfect negative")
end)

-- Missing values and small inputs

T.case("nulls and NaN in x or y drop the pair (pairwise complete)", function()
  -- x = 1,2,null,4,5,6,NaN,8 and y = 2,null,3,5,4,7,9,8.5 leave the pairs of rows 1,4,5,6,8.
  -- /usr/bin/python3 -c 'from scipy import stats; x=[1,4,5,6,8]; y=[2,5,4,7,8.5]; print(repr(stats.pearsonr(x,y))); print(repr(stats.spearmanr(x,y))); print(repr(stats.kendalltau(x,y)))'
  --   PearsonRResult(statistic=0.9431362354290058, pvalue=0.01613793104716084)
  --   SignificanceResult(statistic=0.8999999999999998, pvalue=0.03738607346849874)
  --   SignificanceResult(statistic=0.7999999999999999, pvalue=0.08333333333333333)
  -- /usr/bin/python3 -c 'import pandas as pd; x=pd.Series([1,2,None,4,5,6,float("nan"),8]); y=pd.Series([2,None,3,5,4,7,9,8.5]); print(repr(x.corr(y)), repr(x.corr(y, method="spearman")), repr(x.corr(y, method="kendall")))'
  --   0.943136235429006 0.8999999999999998 0.7999999999999999
  local x = {1, 2, null, 4, 5, 6, nan, 8}
  local y = {2, null, 3, 5, 4, 7, 9, 8.5}
  local p = stats.cor(x, y)
  T.eq(p.n, 5, "n counts complete pairs")
  rel_near(p.r, 0.9431362354290058, "pearson r")
  rel_near(p.p, 0.01613793104716084, "pearson p")
  local s = stats.cor(x, y, {method = "spearman"})
  rel_near(s.r, 0.9, "spearman r")
  rel_near(s.p, 0.03738607346849874, "spearman p")
  local k = stats.cor(x, y, {method = "kendall"})
  rel_near(k.r, 0.8, "kendall r")
  rel_near(k.p, 0.08333333333333333, "kendall p")
  -- the same through columns of a dataset
  local d = chiso.dataset{x = x, y = y}
  rel_near(stats.cor(d.x, d.y).r, 0.9431362354290058, "columns")
  rel_near(stats.cor(d.x, y).r, 0.9431362354290058, "a column and an array")
  -- a nil hole inside an array's length (#) is missing too: pairs 1 and 4 remain
  T.eq(stats.cor({1, nil, 3, 4}, {2, 3, nil, 5}).n, 2, "nil holes")
end)

T.case("no pairs, one pair, two pairs", function()
  local empty = stats.cor({}, {})
  T.eq(empty.n, 0, "n")
  T.eq({empty.r, empty.p, empty.ci_low, empty.ci_high}, {}, "nothing defined for n = 0")
  local one = stats.cor({1}, {2}, {method = "kendall"})
  T.eq(one.n, 1, "n")
  T.eq({one.r, one.p}, {}, "nothing defined for n = 1")
  T.eq(stats.cor({1, null}, {null, 2}).n, 0, "no complete pair")
  -- Two points lie on a line: r = -1. With n - 2 = 0 degrees of freedom the t test has no
  -- p-value (R's cor.test refuses; SciPy's pearsonr reports 1.0, its spearmanr nan); Kendall's
  -- exact p is 1 (both orders of two values give |tau| = 1).
  -- /usr/bin/python3 -c 'from scipy import stats; print(repr(stats.pearsonr([1,2],[2,1])), repr(stats.spearmanr([1,2],[2,1])), repr(stats.kendalltau([1,2],[2,1])))'
  --   PearsonRResult(statistic=-1.0, pvalue=1.0) SignificanceResult(statistic=-0.9999999999999999, pvalue=nan) SignificanceResult(statistic=-1.0, pvalue=1.0)
  local two = stats.cor({1, 2}, {2, 1})
  T.eq({two.r, two.p, two.ci_low, two.n}, {-1.0, nil, nil, 2}, "pearson n = 2")
  T.eq(stats.cor({1, 2}, {2, 1}, {method = "spearman"}).p, nil, "spearman n = 2")
  local k = stats.cor({1, 2}, {2, 1}, {method = "kendall"})
  T.eq({k.r, k.p}, {-1.0, 1.0}, "kendall n = 2")
end)

T.case("a constant input has no correlation", function()
  -- /usr/bin/python3 -c 'from scipy import stats; print(repr(stats.pearsonr([1,2,3],[5,5,5])), repr(stats.spearmanr([1,2,3],[5,5,5])), repr(stats.kendalltau([1,2,3],[5,5,5])))' 2>/dev/null
  --   PearsonRResult(statistic=nan, pvalue=nan) SignificanceResult(statistic=nan, pvalue=nan) SignificanceResult(statistic=nan, pvalue=nan)
  -- Rscript -e 'print(cor(c(1,2,3), c(5,5,5)))'  --> NA, "the standard deviation is zero"
  for _, method in ipairs({"pearson", "spearman", "kendall"}) do
    local c = stats.cor({1, 2, 3}, {5, 5, 5}, {method = method})
    T.eq({c.r, c.p, c.ci_low, c.n, c.method}, {nil, nil, nil, 3, method}, method)
  end
  T.eq(stats.cor({1, 2, 3}, {5, 5, 5}, {method = "kendall"}).ties, true, "all tied")
end)

T.case("a bool column counts as 0 and 1", function()
  -- /usr/bin/python3 -c 'from scipy import stats; print(repr(stats.pearsonr([1,0,1,1,0,1],[3.0,1.5,2.5,4.0,2.0,3.5])))'
  --   PearsonRResult(statistic=0.8280786712108249, pvalue=0.04179468045604541)
  local d = chiso.dataset{flag = {true, false, true, true, false, true},
                          score = {3.0, 1.5, 2.5, 4.0, 2.0, 3.5}}
  local c = stats.cor(d.flag, d.score)
  rel_near(c.r, 0.8280786712108249, "r")
  rel_near(c.p, 0.04179468045604541, "p")
end)

-- ds:cor

T.case("ds:cor matches pandas DataFrame.corr, pairwise complete", function()
  -- /usr/bin/python3 -c 'import pandas as pd; n=None; d=pd.DataFrame({"a":[1,2,3,4,5,6,7,8], "b":[2.5,1.0,4.0,3.5,6.0,5.5,8.0,7.0], "c":[9.0,n,7.5,6.0,n,3.0,2.5,1.0], "d":[3,1,4,1,n,9,2,6]}); [print(m, repr(d.corr(method=m).values.tolist())) for m in ("pearson","spearman","kendall")]'
  --   (it printed the three lists of lists below, one per method)
  local expected = {
    pearson = {{1.0, 0.908394425918221, -0.9930656379008194, 0.4718986715009734},
               {0.908394425918221, 1.0, -0.908759068664375, 0.42410035499998244},
               {-0.9930656379008194, -0.908759068664375, 1.0, -0.4314540442283477},
               {0.4718986715009734, 0.42410035499998244, -0.4314540442283477, 1.0}},
    spearman = {{1.0, 0.9047619047619048, -1.0, 0.3964124835860459},
                {0.9047619047619048, 1.0, -0.8857142857142857, 0.504524979109513},
                {-1.0, -0.8857142857142857, 1.0, -0.2571428571428571},
                {0.3964124835860459, 0.504524979109513, -0.2571428571428571, 1.0}},
    kendall = {{1.0, 0.7142857142857142, -0.9999999999999999, 0.29277002188455997},
               {0.7142857142857142, 1.0, -0.7333333333333333, 0.39036002917941326},
               {-0.9999999999999999, -0.7333333333333333, 1.0, -0.2},
               {0.29277002188455997, 0.39036002917941326, -0.2, 1.0}},
  }
  local d = chiso.dataset{
    {"a", {1, 2, 3, 4, 5, 6, 7, 8}},
    {"b", {2.5, 1.0, 4.0, 3.5, 6.0, 5.5, 8.0, 7.0}},
    {"c", {9.0, null, 7.5, 6.0, null, 3.0, 2.5, 1.0}},
    {"d", {3, 1, 4, 1, null, 9, 2, 6}},
    {"name", {"p", "q", "r", "s", "t", "u", "v", "w"}},
  }
  local names = {"a", "b", "c", "d"}
  for method, want in pairs(expected) do
    local m = d:cor{"a", "b", "c", "d", method = method}
    T.eq(m:names(), {"column", "a", "b", "c", "d"}, method .. " names")
    T.eq(m.column:totable(), names, method .. " row names")
    for i = 1, 4 do
      for j = 1, 4 do
        rel_near(m[names[j]][i], want[i][j], string.format("%s [%d][%d]", method, i, j))
        T.eq(m[names[j]][i], m[names[i]][j], string.format("%s symmetric [%d][%d]", method, i, j))
      end
      T.eq(m[names[i]][i], 1.0, method .. " diagonal")
    end
  end
  -- without names: every int and float column, pearson
  local all = d:cor()
  T.eq(all:names(), {"column", "a", "b", "c", "d"}, "numeric columns by default")
  rel_near(all.b[1], 0.908394425918221, "default method is pearson")
  T.eq(d:cor{method = "kendall"}.c[1], d:cor{"a", "c", method = "kendall"}.c[1], "options only")
end)

T.case("ds:cor gives null where r is undefined", function()
  local d = chiso.dataset{x = {1, 2, 3}, k = {4, 4, 4}, lone = {1.5, null, null}}
  local m = d:cor{"x", "k", "lone"}
  T.eq(m.k:totable(), {null, null, null}, "a constant column, even with itself")
  T.eq(m.lone:totable(), {null, null, null}, "a column with one value")
  T.eq(m.x[1], 1.0, "diagonal")
  local empty = chiso.dataset{x = {1}, y = {2.5}}:head(0)
  T.eq(#empty:cor{"x", "y"}, 2, "no rows: a 2 x 2 matrix of nulls")
  T.eq(empty:cor{"x", "y"}.y:nulls(), 2, "all null")
end)

-- Least squares

T.case("lm matches R's summary(lm())", function()
  -- Rscript -e 'x <- c(1,2,3,4,5,6,7,8); y <- c(2.1,3.9,6.2,7.8,10.1,12.2,13.8,16.1); s <- summary(lm(y ~ x)); cat(sprintf("%.17g", c(coef(s)[, 1:2], s$coefficients[2, 4], s$r.squared, s$sigma)), "\n")'
  --   0.035714285714286538 1.9976190476190476 0.14038536208102823 0.027800444266884178 4.8889336125551369e-10 0.99883928660113874 0.18016747059421578
  -- /usr/bin/python3 -c 'from scipy import stats; print(repr(stats.linregress([1,2,3,4,5,6,7,8],[2.1,3.9,6.2,7.8,10.1,12.2,13.8,16.1])))'
  --   LinregressResult(slope=1.9976190476190478, intercept=0.0357142857142847, rvalue=0.999419474795813, pvalue=4.888933612558558e-10, stderr=0.02780044426688687, intercept_stderr=0.14038536208104183)
  -- (The intercept, a small difference of large terms, differs between R and SciPy by 3e-14.)
  local fit = stats.lm({2.1, 3.9, 6.2, 7.8, 10.1, 12.2, 13.8, 16.1}, {1, 2, 3, 4, 5, 6, 7, 8})
  fields_near(fit, {intercept = 0.035714285714286538, slope = 1.9976190476190476,
                    se_intercept = 0.14038536208102823, se_slope = 0.027800444266884178,
                    r2 = 0.99883928660113874, sigma = 0.18016747059421578,
                    p = 4.8889336125551369e-10})
  T.eq(fit.n, 8, "n")
end)

T.case("lm drops incomplete pairs", function()
  -- Rscript -e 'x <- c(1,2,NA,4,5,6,7); y <- c(1.5,NA,2.5,4.5,4.0,6.5,6.0); s <- summary(lm(y ~ x)); cat(sprintf("%.17g", c(coef(s)[, 1:2], s$coefficients[2, 4], s$r.squared, s$sigma)), nobs(lm(y ~ x)), "\n")'
  --   0.81132075471698162 0.80188679245283012 0.86371003005634694 0.17137643513759385 0.018442297612288949 0.8794887401095558 0.78907636476703702 5
  local fit = stats.lm({1.5, null, 2.5, 4.5, 4.0, 6.5, 6.0}, {1, 2, null, 4, 5, 6, 7})
  fields_near(fit, {intercept = 0.81132075471698162, slope = 0.80188679245283012,
                    se_intercept = 0.86371003005634694, se_slope = 0.17137643513759385,
                    r2 = 0.8794887401095558, sigma = 0.78907636476703702,
                    p = 0.018442297612288949})
  T.eq(fit.n, 5, "n")
end)

T.case("lm on a constant x fits the mean alone, as R", function()
  -- Rscript -e 's <- summary(lm(c(1,3,2,5) ~ c(2,2,2,2))); print(coef(s)); cat(sprintf("%.17g", c(coef(s)[1, 1:2], s$r.squared, s$sigma)), "\n")'
  --   (the slope row is absent: R reports the coefficient as NA)
  --   2.75 0.8539125638299665 0 1.707825127659933
  local fit = stats.lm({1, 3, 2, 5}, {2, 2, 2, 2})
  fields_near(fit, {intercept = 2.75, se_intercept = 0.8539125638299665, r2 = 0,
                    sigma = 1.707825127659933})
end)

T.case("lm on two points, one point and none", function()
  -- Rscript -e 's <- summary(lm(c(1,3) ~ c(1,2))); cat(sprintf("%.17g", c(coef(s)[, 1], s$r.squared)), "\n")'
  --   -0.99999999999999889 1.9999999999999998 1     (standard errors NaN: no residual df)
  local fit = stats.lm({1, 3}, {1, 2})
  fields_near(fit, {intercept = -1, slope = 2, r2 = 1})
  T.eq({fit.p, fit.n}, {nil, 2}, "no p with 0 df")
  local one = stats.lm({5}, {1})
  T.eq({one.slope, one.intercept, one.sigma, one.n}, {nil, 5.0, nil, 1}, "one point")
  T.eq(stats.lm({}, {}), {n = 0}, "no points")
end)

-- Quantiles and describe

T.case("quantile matches R type 7 and pandas at 0, 0.1, 0.25, 0.5, 0.9, 1", function()
  -- Rscript -e 'cat(sprintf("%.17g", quantile(c(3.5,1,7,2,10,4.25,8), c(0,0.1,0.25,0.5,0.9,1), type=7)), "\n")'
  --   1 1.6000000000000001 2.75 4.25 8.8000000000000007 10
  -- /usr/bin/python3 -c 'import pandas as pd; print(repr(pd.Series([3.5,1,7,2,10,4.25,8,None]).quantile([0,0.1,0.25,0.5,0.9,1]).tolist()))'
  --   [1.0, 1.6, 2.75, 4.25, 8.8, 10.0]
  local x = {3.5, 1, 7, 2, 10, 4.25, 8, null}
  local want = {1.0, 1.6, 2.75, 4.25, 8.8, 10.0}
  local got = stats.quantile(x, {0, 0.1, 0.25, 0.5, 0.9, 1})
  T.eq(#got, 6, "one value per q")
  for k = 1, 6 do
    rel_near(got[k], want[k], "q #" .. k)
  end
  rel_near(stats.quantile(chiso.dataset{x = x}.x, 0.9), 8.8, "on a column")
  rel_near(stats.quantile({nan, 2, 1}, 0.5), 1.5, "NaN is missing")
end)

T.case("quantile of one value, of none", function()
  -- Rscript -e 'cat(sprintf("%.17g", quantile(c(42), c(0,0.3,1), type=7)), "\n")'  --> 42 42 42
  T.eq(stats.quantile({42}, {0, 0.3, 1}), {42.0, 42.0, 42.0}, "one value")
  T.eq(stats.quantile({}, 0.5), nil, "no values and a number q")
  T.eq(stats.quantile({null, nan}, {0.5, 1}), {null, null}, "no values and a list of q")
  T.eq(stats.quantile({1, 2}, {}), {}, "an empty list of q")
end)

T.case("describe matches pandas describe()", function()
  -- /usr/bin/python3 -c 'import pandas as pd; n=None; nan=float("nan"); d=pd.DataFrame({"name":["a","b","c","d","e","f"], "i":[3,n,1,4,1,5], "f":[2.5,nan,n,-1.25,10.0,0.5], "one":[n,n,7.5,n,n,n], "none":[nan]*6, "flag":[True,False,True,True,False,True]}); d["i"]=d["i"].astype("Int64"); print(d.describe().T.to_string(float_format=repr))'
  --        count   mean                std   min    25%  50%   75%  max
  --   i      5.0    2.8 1.7888543819998317   1.0    1.0  3.0   4.0  5.0
  --   f      4.0 2.9375   4.95132558008459 -1.25 0.0625  1.5 4.375 10.0
  --   one    1.0    7.5                NaN   7.5    7.5  7.5   7.5  7.5
  --   none   0.0    NaN                NaN   NaN    NaN  NaN   NaN  NaN
  -- (pandas leaves out the string and bool columns, as describe does here.)
  local d = chiso.dataset{
    {"name", {"a", "b", "c", "d", "e", "f"}},
    {"i", {3, null, 1, 4, 1, 5}},
    {"f", {2.5, nan, null, -1.25, 10.0, 0.5}},
    {"one", {null, null, 7.5, null, null, null}},
    {"none", {nan, nan, nan, nan, nan, nan}},
    {"flag", {true, false, true, true, false, true}},
  }
  local s = stats.describe(d)
  T.eq(s:names(), {"column", "count", "nulls", "mean", "sd", "min", "q25", "median", "q75",
                   "max"}, "names")
  T.eq(T.types(s), {"string", "int", "int", "float", "float", "float", "float", "float",
                    "float", "float"}, "types")
  T.eq(s.column:totable(), {"i", "f", "one", "none"}, "numeric columns only")
  T.eq(s.count:totable(), {5, 4, 1, 0}, "count")
  T.eq(s.nulls:totable(), {1, 2, 5, 6}, "nulls (NaN included)")
  local want = {
    {2.8, 1.7888543819998317, 1.0, 1.0, 3.0, 4.0, 5.0},
    {2.9375, 4.95132558008459, -1.25, 0.0625, 1.5, 4.375, 10.0},
    {7.5, nil, 7.5, 7.5, 7.5, 7.5, 7.5},
  }
  local cols = {"mean", "sd", "min", "q25", "median", "q75", "max"}
  for row = 1, 4 do
    for k, name in ipairs(cols) do
      local expected = want[row] and want[row][k]
      if expected == nil then
        T.eq(s[name][row], nil, name .. " row " .. row)
      else
        rel_near(s[name][row], expected, name .. " row " .. row)
      end
    end
  end
end)

T.case("describe of a dataset without rows or numeric columns", function()
  -- /usr/bin/python3 -c 'import pandas as pd; print(pd.Series([], dtype=float).describe().tolist())'
  --   [0.0, nan, nan, nan, nan, nan, nan, nan]
  local s = stats.describe(chiso.dataset{x = {1}, y = {2.5}}:head(0))
  T.eq(s.column:totable(), {"x", "y"}, "a row per numeric column")
  T.eq(s.count:totable(), {0, 0}, "count")
  T.eq(s.nulls:totable(), {0, 0}, "nulls")
  T.eq({s.mean:nulls(), s.sd:nulls(), s.min:nulls(), s.median:nulls(), s.max:nulls()},
    {2, 2, 2, 2, 2}, "every statistic null")
  local e = stats.describe(chiso.dataset{name = {"a"}, flag = {true}})
  T.eq({#e, e:ncol()}, {0, 10}, "no numeric column: no rows, ten columns")
end)

-- The bundled data

T.case("PAR INDEX against SIPAS 2023, as pandas and R", function()
  -- /usr/bin/python3 -c '
  --   import pandas as pd; from scipy import stats
  --   p = pd.read_csv("data/par_index.csv"); s = pd.read_csv("data/sipas.csv")
  --   m = p.merge(s, on=["province", "year"], suffixes=("_par", "_sipas"))
  --   m = m[m.year == 2023].dropna(subset=["score_par", "score_sipas"])
  --   r = stats.pearsonr(m.score_par, m.score_sipas)
  --   print(len(m), repr(r.statistic), repr(r.pvalue))'
  --   16 0.6321580769766534 0.008604313762366209
  -- Rscript -e 'p <- read.csv("data/par_index.csv", encoding="UTF-8"); s <- read.csv("data/sipas.csv", encoding="UTF-8"); m <- merge(p[p$year == 2023, ], s[s$year == 2023, ], by = c("province", "year")); m <- m[!is.na(m$score.x) & !is.na(m$score.y), ]; t <- cor.test(m$score.x, m$score.y); cat(nrow(m), sprintf("%.17g", c(t$estimate, t$p.value, t$conf.int)), "\n")'
  --   16 0.63215807697665327 0.0086043137623662263 0.19872650516388288 0.85875910778544828
  local par = assert(chiso.read_csv(chiso.paths.data .. "/par_index.csv"))
  local sipas = assert(chiso.read_csv(chiso.paths.data .. "/sipas.csv"))
  local par_score = {}
  for _, row in par:rows() do
    if row.year == 2023 and row.score then par_score[row.province] = row.score end
  end
  local x, y = {}, {}
  for _, row in sipas:rows() do
    if row.year == 2023 and row.score and par_score[row.province] then
      x[#x + 1] = par_score[row.province]
      y[#y + 1] = row.score
    end
  end
  local c = stats.cor(x, y)
  T.eq(c.n, 16, "provinces in both")
  fields_near(c, {r = 0.6321580769766534, p = 0.008604313762366209,
                  ci_low = 0.19872650516388288, ci_high = 0.85875910778544828})
end)

T.case("describe of the PAR INDEX table, as pandas", function()
  -- /usr/bin/python3 -c 'import pandas as pd; print(pd.read_csv("data/par_index.csv").describe().T.to_string(float_format=repr))'
  --          count               mean                std    min     25%               50%     75%    max
  --   year   231.0 2019.7619047619048 3.7264651404600606 2012.0  2017.0            2021.0  2023.0 2024.0
  --   score  176.0  85.44767045454545  5.318884815923818  58.91 83.3025 86.42500000000001 88.6125  96.17
  --   rank   226.0 23.442477876106196 20.233498320292664    1.0     5.0              17.0   38.75   63.0
  local par = assert(chiso.read_csv(chiso.paths.data .. "/par_index.csv"))
  local s = stats.describe(par)
  T.eq(s.column:totable(), {"year", "score", "rank"}, "columns")
  T.eq(s.count:totable(), {231, 176, 226}, "count")
  T.eq(s.nulls:totable(), {0, 55, 5}, "nulls")
  local want = {
    {2019.7619047619048, 3.7264651404600606, 2012.0, 2017.0, 2021.0, 2023.0, 2024.0},
    {85.44767045454545, 5.318884815923818, 58.91, 83.3025, 86.42500000000001, 88.6125, 96.17},
    {23.442477876106196, 20.233498320292664, 1.0, 5.0, 17.0, 38.75, 63.0},
  }
  for row = 1, 3 do
    for k, name in ipairs({"mean", "sd", "min", "q25", "median", "q75", "max"}) do
      rel_near(s[name][row], want[row][k], name .. " of " .. s.column[row])
    end
  end
end)

-- Misuse

T.case("arguments are checked, naming the function and the argument", function()
  local d = chiso.dataset{name = {"a", "b"}, x = {1, 2}}
  T.raises(function() stats.cor(d.name, d.x) end,
    "bad argument #1 to 'cor' ('x' must hold numbers, but column 'name' is string)")
  T.raises(function() stats.cor({1, 2}, "y") end,
    "bad argument #2 to 'cor' ('y' must be a column or an array of numbers, not string)")
  T.raises(function() stats.cor({1, 2}, {1, 2, 3}) end,
    "bad argument #2 to 'cor' ('y' has 3 values but 'x' has 2)")
  T.raises(function() stats.cor({1, "2"}, {1, 2}) end,
    "bad argument #1 to 'cor' ('x' entry 2 is a string, not a number or chiso.null)")
  T.raises(function() stats.cor({1, 2}, {1, true}) end, "'y' entry 2 is a boolean")
  T.raises(function() stats.lm({1, 2}, {1}) end,
    "bad argument #2 to 'lm' ('x' has 1 values but 'y' has 2)")
  T.raises(function() stats.lm(d.name, d.x) end, "bad argument #1 to 'lm' ('y' must hold numbers")
  T.raises(function() stats.describe({}) end, "bad argument #1 to 'describe'")
end)

T.case("options and methods are checked, listing the valid ones", function()
  T.raises(function() stats.cor({1, 2}, {1, 2}, {method = "pearsons"}) end,
    "bad argument #3 to 'cor' (option 'method' must be \"pearson\", \"spearman\" or " ..
    "\"kendall\", not 'pearsons')")
  T.raises(function() stats.cor({1, 2}, {1, 2}, {methd = "kendall"}) end,
    "bad argument #3 to 'cor' (unknown option 'methd'; the options are method)")
  T.raises(function() stats.cor({1, 2}, {1, 2}, "kendall") end, "bad argument #3 to 'cor'")
end)

T.case("quantile probabilities must lie in [0, 1]", function()
  T.raises(function() stats.quantile({1, 2}, 1.5) end,
    "bad argument #2 to 'quantile' ('q' must be a number from 0 to 1 or an array of them, not 1.5)")
  T.raises(function() stats.quantile({1, 2}, -0.1) end, "not -0.1")
  T.raises(function() stats.quantile({1, 2}, nan) end, "'q' must be a number from 0 to 1")
  T.raises(function() stats.quantile({1, 2}, "0.5") end, "'q' must be a number from 0 to 1")
  T.raises(function() stats.quantile({1, 2}, {0.5, 2}) end,
    "bad argument #2 to 'quantile' ('q' entry 2 must be a number from 0 to 1, not 2)")
  T.raises(function() stats.quantile({1, 2}) end, "bad argument #2 to 'quantile'")
  T.raises(function() stats.quantile(chiso.dataset{s = {"a"}}.s, 0.5) end,
    "'x' must hold numbers, but column 's' is string")
end)

T.case("ds:cor checks its columns and options", function()
  local d = chiso.dataset{a = {1, 2, 3}, b = {3, 1, 2}, s = {"x", "y", "z"},
                          column = {1, 2, 3}}
  T.raises(function() d:cor{"a", "s"} end,
    "bad argument #1 to 'cor' (column 's' is string, not a number column)")
  T.raises(function() d:cor{"a", "zz"} end, "no column 'zz'")
  T.raises(function() d:cor{"a", "a"} end, "column 'a' is listed twice")
  T.raises(function() d:cor{"a", "b", method = "tau"} end, "option 'method' must be")
  T.raises(function() d:cor{"a", "b", how = 1} end, "unknown option 'how'")
  T.raises(function() d:cor{"a", "column"} end, "a variable called 'column' would clash")
  T.raises(function() d:cor("a") end, "bad argument #1 to 'cor' (table expected, got string)")
end)

T.finish()
