# Reference values for policyts.models.fluctuation from R strucchange.
#
# Run from this directory:  Rscript make_reference.R
# Writes the inputs of every case as CSV (17 significant digits, so Python reads the very
# numbers R used) and strucchange's results as reference.json (17 significant digits).
#
# For each case and each of type = "OLS-CUSUM", "Rec-CUSUM", "OLS-MOSUM" (h = 0.15):
#   process   = as.numeric(efp(...)$process), time = as.numeric(time(process))
#   boundary  = as.numeric(boundary(efp, alpha = 0.05))  (critical value found by uniroot
#               with its default tolerance)
#   critval_tight = the same critical value found by uniroot with tol = 1e-13
#   statistic, p_value = sctest(efp)
# plus the p-value function of each limiting process on a grid of statistics and the
# tight critical values at alpha = 0.10, 0.05, 0.01.

suppressPackageStartupMessages(library(strucchange))

num <- function(x) {
  x <- as.numeric(x)
  out <- sprintf("%.17g", x)
  out[is.na(x)] <- "null"
  out[is.infinite(x) & x > 0] <- "1e999"
  out
}
json_vec <- function(x) paste0("[", paste(num(x), collapse = ","), "]")
json_str <- function(s) paste0("\"", gsub("\"", "\\\\\"", s), "\"")
json_obj <- function(fields) {
  paste0("{", paste(paste0(json_str(names(fields)), ":", unlist(fields)), collapse = ","), "}")
}
write_input <- function(df, file) {
  out <- df
  for (nm in names(out)) if (is.numeric(out[[nm]])) out[[nm]] <- num(out[[nm]])
  write.csv(out, file, row.names = FALSE, quote = FALSE)
}

pvalue_efp <- strucchange:::pvalue.efp
tight_critval <- function(lim.process, alpha, h) {
  uniroot(function(b) pvalue_efp(b, lim.process, alt.boundary = FALSE,
                                 functional = "max", h = h, k = 1) - alpha,
          c(0, 20), tol = 1e-13)$root
}

kinds <- c("ols-cusum" = "OLS-CUSUM", "rec-cusum" = "Rec-CUSUM", "ols-mosum" = "OLS-MOSUM")
H <- 0.15

run_case <- function(formula, data, description) {
  per_kind <- list()
  for (kind in names(kinds)) {
    e <- efp(formula, data = data, type = kinds[[kind]], h = H)
    b <- boundary(e, alpha = 0.05)
    s <- sctest(e)
    per_kind[[kind]] <- json_obj(list(
      process = json_vec(e$process),
      time = json_vec(time(e$process)),
      boundary = json_vec(b),
      critval_tight = num(tight_critval(e$lim.process, 0.05, H)),
      statistic = num(s$statistic),
      p_value = num(s$p.value),
      nobs = num(e$nobs),
      nreg = num(e$nreg)
    ))
  }
  json_obj(list(
    formula = json_str(paste(deparse(formula), collapse = " ")),
    description = json_str(description),
    h = num(H),
    kinds = json_obj(per_kind)
  ))
}

cases <- list()

# 1. Nile: annual flow of the river Nile at Aswan, 1871-1970, level model y ~ 1.
nile <- data.frame(year = as.integer(time(Nile)), y = as.numeric(Nile))
write_input(nile, "nile.csv")
cases[["nile"]] <- run_case(Nile ~ 1, list(), "Nile ~ 1 (datasets::Nile, 1871-1970)")

# 2. UK driver deaths: natural log, with lags 1 and 12, January 1970 - December 1984.
ly <- log(UKDriverDeaths)
seat <- cbind(ly, stats::lag(ly, k = -1), stats::lag(ly, k = -12))
colnames(seat) <- c("y", "ylag1", "ylag12")
seat <- window(seat, start = c(1970, 1), end = c(1984, 12))
tt <- time(seat)
yr <- floor(tt + 1e-8)
mo <- round((tt - yr) * 12) + 1
uk <- data.frame(month = sprintf("%d-%02d", as.integer(yr), as.integer(mo)),
                 y = as.numeric(seat[, "y"]), ylag1 = as.numeric(seat[, "ylag1"]),
                 ylag12 = as.numeric(seat[, "ylag12"]))
write_input(uk, "uk_driver_deaths.csv")
cases[["uk_driver_deaths"]] <- run_case(
  y ~ ylag1 + ylag12, seat,
  "log(UKDriverDeaths) ~ lag 1 + lag 12, 1970-01 to 1984-12 (datasets::UKDriverDeaths)")

# 3. Simulated regression, n = 120, intercept shift of +1 from observation 71 on.
set.seed(20240611)
n <- 120
x <- rnorm(n)
y <- 1 + 0.5 * x + 1 * (seq_len(n) >= 71) + rnorm(n)
# Round-trip the inputs through their 17-digit text so R and Python use identical numbers.
sim_break <- data.frame(t = seq_len(n) - 1L, y = as.numeric(num(y)), x = as.numeric(num(x)))
write_input(sim_break, "sim_break.csv")
cases[["sim_break"]] <- run_case(y ~ x, sim_break,
  "simulated y = 1 + 0.5 x + 1{t >= 71} + N(0, 1), n = 120 (plain vectors, no ts)")

# 4. The same data without an intercept: pins down the centred standard deviation
#    strucchange uses when the OLS residuals do not sum to zero.
cases[["sim_break_noconst"]] <- run_case(y ~ x - 1, sim_break,
  "simulated break data, y ~ x - 1 (no intercept)")

# 5. Simulated series without a break, n = 60, level model.
set.seed(7)
y0 <- 2 + rnorm(60)
sim_nobreak <- data.frame(t = 0:59, y = as.numeric(num(y0)))
write_input(sim_nobreak, "sim_nobreak.csv")
cases[["sim_nobreak"]] <- run_case(y ~ 1, sim_nobreak,
  "simulated y = 2 + N(0, 1), n = 60, no break (plain vector, no ts)")

# p-value functions of the limiting processes on a grid, and tight critical values.
grid <- c(0, 0.05, 0.09, 0.1, 0.2, 0.29, 0.3, 0.5, 0.7, 0.8, 0.9, 1.0, 1.1, 1.2, 1.3,
          1.36, 1.5, 1.7, 2.0, 2.5, 3.0, 4.0)
pv <- list(
  grid = json_vec(grid),
  brownian_bridge = json_vec(sapply(grid, function(x) pvalue_efp(x, "Brownian bridge", FALSE, k = 1))),
  brownian_motion = json_vec(sapply(grid, function(x) pvalue_efp(x, "Brownian motion", FALSE, k = 1)))
)
mosum_h <- c(0.05, 0.07, 0.1, 0.15, 0.2, 0.33, 0.5)
mosum <- list()
for (h in mosum_h) {
  mosum[[sprintf("%.2f", h)]] <- json_vec(sapply(grid, function(x)
    pvalue_efp(x, "Brownian bridge increments", FALSE, h = h, k = 1)))
}
pv[["brownian_bridge_increments"]] <- json_obj(mosum)

crit <- list()
for (alpha in c(0.10, 0.05, 0.01)) {
  key <- sprintf("%.2f", alpha)
  crit[[key]] <- json_obj(list(
    brownian_bridge = num(tight_critval("Brownian bridge", alpha, NULL)),
    brownian_motion = num(tight_critval("Brownian motion", alpha, NULL)),
    brownian_bridge_increments_h0.15 = num(tight_critval("Brownian bridge increments", alpha, 0.15)),
    brownian_bridge_increments_h0.07 = num(tight_critval("Brownian bridge increments", alpha, 0.07))
  ))
}

meta <- list(
  R_version = json_str(R.version.string),
  strucchange_version = json_str(as.character(packageVersion("strucchange"))),
  generated_by = json_str("tests/reference/strucchange_efp/make_reference.R")
)
out <- json_obj(list(meta = json_obj(meta), cases = json_obj(cases),
                     pvalue_functions = json_obj(pv), critical_values_tight = json_obj(crit)))
writeLines(out, "reference.json")
