# Reference HAC covariances from R sandwich for tests/test_breaks.py (no R needed in CI).
# Run: Rscript make_reference.R   (writes hac_input.csv and hac_reference.json)
suppressMessages(library(sandwich))
set.seed(20261121)
n <- 80
x <- rnorm(n)
e <- as.numeric(arima.sim(list(ar = 0.5), n))
d <- as.numeric(seq_len(n) > 40)
y <- 1 + 0.5 * x + e
fit <- lm(y ~ x + d + I(d * x))
dat <- data.frame(y = y, x = x, d = d)
write.csv(format(dat, digits = 17), "hac_input.csv", row.names = FALSE, quote = FALSE)
qs <- kernHAC(fit, kernel = "Quadratic Spectral", prewhite = FALSE, adjust = FALSE,
              approx = "AR(1)")
bw <- bwAndrews(fit, kernel = "Quadratic Spectral", prewhite = FALSE, approx = "AR(1)")
nw <- NeweyWest(fit, lag = 3, prewhite = FALSE, adjust = FALSE)
fmt <- function(m) paste0("[", paste(sprintf("[%s]", apply(m, 1, function(r)
  paste(sprintf("%.17g", r), collapse = ", "))), collapse = ", "), "]")
writeLines(c("{",
  sprintf('  "R_version": "%s",', R.version.string),
  sprintf('  "sandwich_version": "%s",', as.character(packageVersion("sandwich"))),
  '  "model": "y ~ x + d + d:x (d = 1 from observation 41), residuals AR(1)",',
  '  "qs_call": "kernHAC(fit, kernel = \\"Quadratic Spectral\\", prewhite = FALSE, adjust = FALSE, approx = \\"AR(1)\\")",',
  sprintf('  "qs_bandwidth": %.17g,', bw),
  sprintf('  "qs_vcov": %s,', fmt(qs)),
  '  "nw_call": "NeweyWest(fit, lag = 3, prewhite = FALSE, adjust = FALSE)",',
  sprintf('  "nw_vcov": %s', fmt(nw)),
  "}"), "hac_reference.json")
