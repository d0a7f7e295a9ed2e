# Reference output from R for break tests with seasonal dummies held fixed across regimes
# (policyts seasonal=True in sup_f / f_path / chow / bai_perron): the UK seat-belt data
# (R datasets::Seatbelts, as shipped in ../seatbelts/seatbelts.csv), y = DriversKilled.
#
# Run from this directory:   Rscript make_reference.R
# Requires: R with mbreaks and jsonlite (versions written to the JSON). Deterministic.
#
# F path: for each candidate first period of the new regime b (1-based; candidates
# h+1 .. n-h+1 with h = floor(0.15 n), as policyts' positions h .. n-h, 0-based), lm() of
# the restricted model y ~ [const (+ trend)] + 11 month dummies and of the unrestricted model
# in which const (and trend) differ from b on, the month dummies common; the statistic on the
# Wald scale is (RSS0 - RSS1) / (RSS1 / (n - 2k - 11)).
# Dating: mbreaks::doglob with z = const (changing) and x = the 11 month dummies (fixed), the
# partial structural-change global minimisers for m = 1..5 (dates = last period of the old
# regime, 1-based, as mbreaks reports them).

suppressPackageStartupMessages({
  library(mbreaks)
  library(jsonlite)
})

d <- read.csv("../seatbelts/seatbelts.csv")
n <- nrow(d)
y <- d$DriversKilled
mon <- factor(as.integer(substr(d$month, 6, 7)), levels = 1:12)
D <- model.matrix(~ mon)[, -1]
colnames(D) <- sprintf("month%02d", 2:12)
tt <- seq_len(n)

f_path <- function(trend, eps = 0.15) {
  h <- floor(eps * n)
  k <- if (trend) 2 else 1
  cand <- (h + 1):(n - h + 1)
  rss0 <- if (trend) deviance(lm(y ~ tt + D)) else deviance(lm(y ~ D))
  wald <- sapply(cand, function(b) {
    s <- as.numeric(tt >= b)
    fit <- if (trend) lm(y ~ tt + s + I(s * tt) + D) else lm(y ~ s + D)
    rss1 <- deviance(fit)
    (rss0 - rss1) / (rss1 / (n - 2 * k - ncol(D)))
  })
  list(trend = trend, trim = eps, h = h, k = k, first_new_regime_1based = cand,
       label = d$month[cand], rss0 = rss0, wald = wald)
}

dating <- function(eps) {
  h <- floor(eps * n)
  ym <- matrix(y, ncol = 1)
  z <- matrix(1, n, 1)
  glob <- mbreaks::doglob(ym, z, D, 5, 0.00001, h, 10, 0, 0, 0, eps)
  list(trim = eps, h = h, rss = as.numeric(glob$glb[, 1]),
       last_old_regime_1based = lapply(1:5, function(i) glob$datevec[seq_len(i), i]))
}

out <- list(
  description = paste("Seatbelts DriversKilled: F path with 11 month dummies fixed across",
                      "regimes (lm), and partial-change dating (mbreaks doglob)"),
  versions = list(R = R.version.string, mbreaks = as.character(packageVersion("mbreaks")),
                  jsonlite = as.character(packageVersion("jsonlite"))),
  data = list(csv = "tests/reference/seatbelts/seatbelts.csv", y = "DriversKilled", n = n),
  f_path_const = f_path(FALSE),
  f_path_trend = f_path(TRUE),
  dating_015 = dating(0.15),
  dating_010 = dating(0.10)
)
writeLines(toJSON(out, auto_unbox = TRUE, digits = NA, pretty = TRUE), "seatbelts_seasonal.json")
