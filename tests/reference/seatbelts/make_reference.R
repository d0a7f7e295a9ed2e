# Reference output from R for seasonal policy-effect models (policyts.models.effects):
# the UK compulsory seat-belt law (R datasets::Seatbelts; law in force from 31 January
# 1983, first affected month 1983-02) and the Nile flow at Aswan (datasets::Nile; level
# change from 1899).
#
# Run from this directory:   Rscript make_reference.R
# Requires: R (4.2.2 was used) with its recommended package nlme. Writes seatbelts.csv and
# nile.csv (the data as shipped with R) and seatbelts_reference.json, nile_reference.json.
# Deterministic (no random numbers).
#
# Conventions (as in policyts): tc = months (years) relative to the first treated period
# (0 there); step = 1 from it on; ramp = periods since it (0 at it); month dummies with
# January as the base.

suppressPackageStartupMessages(library(nlme))
options(warn = 1)

versions <- list(R = R.version.string, nlme = as.character(packageVersion("nlme")))

# A minimal JSON writer (jsonlite is not installed here): named lists, numeric and
# character vectors; numbers with 17 significant digits.
to_json <- function(x, indent = 0) {
  pad <- strrep("  ", indent + 1)
  end <- strrep("  ", indent)
  if (is.list(x)) {
    items <- vapply(names(x), function(k) {
      paste0(pad, "\"", k, "\": ", to_json(x[[k]], indent + 1))
    }, "")
    return(paste0("{\n", paste(items, collapse = ",\n"), "\n", end, "}"))
  }
  if (is.character(x)) {
    v <- paste0("\"", x, "\"")
  } else if (is.logical(x)) {
    v <- ifelse(x, "true", "false")
  } else {
    v <- ifelse(is.finite(x), sprintf("%.17g", x), "null")
  }
  if (length(x) == 1) v else paste0("[", paste(v, collapse = ", "), "]")
}

write_ref <- function(x, file) {
  x$versions <- versions
  writeLines(to_json(x), file)
}

# ------------------------------------------------------------------ data

sb <- as.data.frame(Seatbelts)
months <- sprintf("%d-%02d", floor(time(Seatbelts) + 1e-6), cycle(Seatbelts))
sb <- data.frame(month = months, sb)
write.csv(sb, "seatbelts.csv", row.names = FALSE, quote = FALSE)

nile <- data.frame(year = as.integer(time(Nile)), flow = as.numeric(Nile))
write.csv(nile, "nile.csv", row.names = FALSE, quote = FALSE)

# ------------------------------------------------------------------ helpers

t0 <- which(months == "1983-02")
n <- nrow(sb)
tc <- seq_len(n) - t0
step <- as.numeric(tc >= 0)
ramp <- pmax(tc, 0)
month <- factor(cycle(Seatbelts))
M <- model.matrix(~month)[, -1] # 11 dummies, January the base
colnames(M) <- sprintf("m%02d", 2:12)

coefs <- function(est, se, names) {
  list(names = names, estimate = unname(est), se = unname(se))
}

lm_case <- function(y, terms, label) {
  X <- cbind(tc = tc, M, step = step)
  if ("ramp" %in% terms) X <- cbind(X, ramp = ramp)
  fit <- lm(y ~ X)
  ct <- summary(fit)$coefficients
  rownames(ct) <- sub("^X", "", rownames(ct))
  ci <- confint(fit)
  list(
    case = label,
    model = paste("lm(y ~ tc + month dummies + step", if ("ramp" %in% terms) " + ramp" else "", ")", sep = ""),
    coefficients = coefs(ct[, 1], ct[, 2], rownames(ct)),
    step_p_value = ct["step", 4],
    step_ci = unname(ci[grep("step", rownames(ci)), ]),
    df_residual = fit$df.residual
  )
}

gls_case <- function(y, label) {
  d <- data.frame(y = y, tc = tc, M, step = step, ramp = ramp)
  f <- as.formula(paste("y ~ tc +", paste(colnames(M), collapse = " + "), "+ step + ramp"))
  fit <- gls(f, data = d, correlation = corAR1(form = ~1), method = "REML")
  ct <- summary(fit)$tTable
  list(
    case = label,
    model = "nlme::gls(y ~ tc + month dummies + step + ramp, corAR1, REML)",
    coefficients = coefs(ct[, 1], ct[, 2], rownames(ct)),
    rho = unname(coef(fit$modelStruct$corStruct, unconstrained = FALSE)),
    sigma = fit$sigma,
    step_p_value = ct["step", 4]
  )
}

arima_case <- function(y, order, seasonal, xreg, label, include.mean = TRUE) {
  fit <- arima(y, order = order, seasonal = list(order = seasonal, period = 12),
               xreg = xreg, include.mean = include.mean, method = "ML",
               optim.control = list(maxit = 1000, reltol = 1e-12))
  se <- sqrt(diag(fit$var.coef))
  list(
    case = label,
    model = sprintf("arima(order = c(%s), seasonal = c(%s), period 12, method = 'ML')",
                    paste(order, collapse = ", "), paste(seasonal, collapse = ", ")),
    order = order,
    seasonal_order = seasonal,
    include_mean = include.mean,
    coefficients = coefs(coef(fit), se, names(coef(fit))),
    loglik = fit$loglik,
    sigma2 = fit$sigma2,
    nobs = fit$nobs
  )
}

ly <- log(sb$DriversKilled)
lr <- log(sb$rear)

out <- list(
  data = "R datasets::Seatbelts (Harvey & Durbin 1986), written to seatbelts.csv",
  first_treated = "1983-02",
  lm_step = lm_case(ly, c("step"), "log(DriversKilled), lm, step"),
  lm_step_ramp = lm_case(ly, c("step", "ramp"), "log(DriversKilled), lm, step + ramp"),
  gls_step_ramp = gls_case(ly, "log(DriversKilled), gls AR(1) REML, step + ramp"),
  arima_sar = arima_case(ly, c(1, 0, 0), c(1, 0, 0), cbind(tc = tc, step = step, ramp = ramp),
                         "log(DriversKilled), ARIMA(1,0,0)(1,0,0)12 + trend + step + ramp"),
  arima_dummies = arima_case(ly, c(1, 0, 0), c(0, 0, 0),
                             cbind(tc = tc, M, step = step, ramp = ramp),
                             "log(DriversKilled), ARIMA(1,0,0) + trend + month dummies + step + ramp"),
  arima_airline = arima_case(ly, c(0, 1, 1), c(0, 1, 1), cbind(step = step),
                             "log(DriversKilled), ARIMA(0,1,1)(0,1,1)12 + step",
                             include.mean = FALSE),
  rear_lm_step_ramp = lm_case(lr, c("step", "ramp"), "log(rear), lm, step + ramp"),
  rear_gls_step_ramp = gls_case(lr, "log(rear), gls AR(1) REML, step + ramp")
)
write_ref(out, "seatbelts_reference.json")

# ------------------------------------------------------------------ Nile

nt0 <- which(nile$year == 1899)
ntc <- seq_len(nrow(nile)) - nt0
nstep <- as.numeric(ntc >= 0)
nile_arima <- function(order, xreg, label) {
  fit <- arima(Nile, order = order, xreg = xreg, method = "ML",
               optim.control = list(maxit = 1000, reltol = 1e-12))
  se <- sqrt(diag(fit$var.coef))
  list(
    case = label,
    order = order,
    coefficients = coefs(coef(fit), se, names(coef(fit))),
    loglik = fit$loglik,
    sigma2 = fit$sigma2
  )
}
nout <- list(
  data = "R datasets::Nile (Cobb 1978; Durbin & Koopman 2001), written to nile.csv",
  first_treated = 1899,
  ar1_step = nile_arima(c(1, 0, 0), cbind(step = nstep), "Nile, ARIMA(1,0,0) + step"),
  arma11_trend_step = nile_arima(c(1, 0, 1), cbind(tc = ntc, step = nstep),
                                 "Nile, ARIMA(1,0,1) + trend + step")
)
write_ref(nout, "nile_reference.json")
