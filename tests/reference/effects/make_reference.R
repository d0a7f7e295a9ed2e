# Reference output from R for the policy-effect models (policyts.models.effects).
#
# Run from this directory:   Rscript make_reference.R
# Requires: R (4.2.2 was used), nlme, MASS, sandwich, lmtest, jsonlite.
# Reads china_resident.csv (written from the bundled dataset; see README.md), writes the
# simulated input series (*.csv) and the reference results (*.json). Deterministic.

suppressPackageStartupMessages({
  library(nlme)
  library(MASS)
  library(sandwich)
  library(lmtest)
  library(jsonlite)
})

RNGkind("Mersenne-Twister", "Inversion", "Rejection")
options(warn = 1)

versions <- list(
  R = R.version.string,
  nlme = as.character(packageVersion("nlme")),
  MASS = as.character(packageVersion("MASS")),
  sandwich = as.character(packageVersion("sandwich")),
  lmtest = as.character(packageVersion("lmtest"))
)

write_ref <- function(x, file) {
  x$versions <- versions
  write_json(x, file, digits = NA, auto_unbox = TRUE, pretty = TRUE)
}

# Segmented-regression regressors: time relative to the first treated period t0 (0 there),
# step = 1 from t0 on, ramp = periods since t0 (0 at t0).
its_frame <- function(y, t0) {
  tc <- seq_along(y) - t0
  data.frame(y = y, tc = tc, step = as.numeric(tc >= 0), ramp = pmax(tc, 0))
}

coef_table <- function(ct) {
  list(
    names = rownames(ct),
    estimate = unname(ct[, 1]),
    se = unname(ct[, 2]),
    p_value = unname(ct[, 4])
  )
}

gaussian_case <- function(y, t0, label) {
  d <- its_frame(y, t0)
  n <- nrow(d)
  fit <- lm(y ~ tc + step + ramp, data = d)
  k <- length(coef(fit))
  lag <- floor(4 * (n / 100)^(2 / 9))
  vc_nw <- NeweyWest(fit, lag = lag, prewhite = FALSE, adjust = TRUE)
  g <- gls(y ~ tc + step + ramp, data = d, correlation = corAR1(form = ~ tc), method = "REML")
  phi <- unname(coef(g$modelStruct$corStruct, unconstrained = FALSE))
  # Counterfactual: the no-event part of the model (step = ramp = 0) over the post-period,
  # with t prediction intervals from the full-sample fit.
  post <- d[d$tc >= 0, ]
  cf <- post
  cf$step <- 0
  cf$ramp <- 0
  pi <- predict(fit, newdata = cf, interval = "prediction", level = 0.95)
  # Chow (1960) predictive F: pre-period model y ~ tc, tested on the post-period.
  pre <- d[d$tc < 0, ]
  rss_pre <- sum(resid(lm(y ~ tc, data = pre))^2)
  rss_all <- sum(resid(lm(y ~ tc, data = d))^2)
  n1 <- nrow(pre)
  n2 <- nrow(post)
  f_pred <- ((rss_all - rss_pre) / n2) / (rss_pre / (n1 - 2))
  list(
    case = label,
    n = n,
    t0 = t0,
    ols = c(coef_table(coeftest(fit)), list(sigma = summary(fit)$sigma, df = fit$df.residual)),
    newey_west = c(coef_table(coeftest(fit, vcov. = vc_nw)), list(lag = lag)),
    gls_ar1_reml = c(
      coef_table(summary(g)$tTable[, c(1, 2, 3, 4)]),
      list(phi = phi, sigma = g$sigma, logLik = as.numeric(logLik(g)))
    ),
    prediction = list(
      fit = unname(pi[, "fit"]), lwr = unname(pi[, "lwr"]), upr = unname(pi[, "upr"])
    ),
    chow_predictive = list(
      f = f_pred, df1 = n2, df2 = n1 - 2,
      p_value = pf(f_pred, n2, n1 - 2, lower.tail = FALSE)
    )
  )
}

# ---------------------------------------------------------------------------------------------
# Case 1: simulated annual series, 30 years 1991-2020, first treated period 2013 (t0 = 23),
# level change 0.8 and slope change 0.15 with AR(1) errors (rho 0.5, innovation sd 0.5).
# ---------------------------------------------------------------------------------------------
set.seed(20240501)
n <- 30
t0 <- 23
tc <- seq_len(n) - t0
u <- as.numeric(arima.sim(list(ar = 0.5), n = n, sd = 0.5))
y <- 2 + 0.1 * tc + 0.8 * (tc >= 0) + 0.15 * pmax(tc, 0) + u
write.csv(data.frame(year = 1990 + seq_len(n), y = y), "sim_gaussian.csv", row.names = FALSE)
write_ref(gaussian_case(y, t0, "sim_gaussian"), "sim_gaussian.json")

# ---------------------------------------------------------------------------------------------
# Case 2: China, resident invention applications 1985-2022, log, first treated period 2008.
# ---------------------------------------------------------------------------------------------
cn <- read.csv("china_resident.csv")
t0_cn <- which(cn$year == 2008)
write_ref(gaussian_case(log(cn$resident), t0_cn, "china_log_2008"), "china_log_2008.json")

# ---------------------------------------------------------------------------------------------
# Case 3: simulated counts, 30 years 1991-2020, t0 = 23: log mu = 4 + 0.04 tc + 0.3 step
# + 0.05 ramp, negative-binomial noise (theta = 20, i.e. alpha = 0.05).
# ---------------------------------------------------------------------------------------------
set.seed(20240502)
mu <- exp(4 + 0.04 * tc + 0.3 * (tc >= 0) + 0.05 * pmax(tc, 0))
yc <- rnbinom(n, size = 20, mu = mu)
write.csv(data.frame(year = 1990 + seq_len(n), y = yc), "sim_counts.csv", row.names = FALSE)
dc <- its_frame(yc, t0)
fp <- glm(y ~ tc + step + ramp, data = dc, family = poisson)
fq <- glm(y ~ tc + step + ramp, data = dc, family = quasipoisson)
# Negative binomial with the dispersion by moments: theta.mm (Pearson statistic = residual
# df) alternated with the GLM fit at fixed theta until theta settles.
fnb <- fp
theta <- Inf
for (i in 1:200) {
  th <- theta.mm(dc$y, fitted(fnb), dfr = fnb$df.residual, limit = 100, eps = 1e-12)
  fnb <- glm(y ~ tc + step + ramp, data = dc, family = negative.binomial(th),
             start = coef(fnb), control = glm.control(epsilon = 1e-14, maxit = 100))
  if (is.finite(theta) && abs(th - theta) < 1e-10 * th) break
  theta <- th
}
theta <- th
write_ref(
  list(
    case = "sim_counts",
    n = n,
    t0 = t0,
    poisson = coef_table(summary(fp)$coefficients),
    quasipoisson = c(
      coef_table(summary(fq)$coefficients),
      list(dispersion = summary(fq)$dispersion)
    ),
    negbin_moment = c(
      coef_table(summary(fnb, dispersion = 1)$coefficients),
      list(theta = theta, alpha = 1 / theta)
    )
  ),
  "sim_counts.json"
)

# ---------------------------------------------------------------------------------------------
# Case 4: intervention ARIMA on case 1: regression on const, trend, step and ramp with
# AR(1) errors, exact maximum likelihood.
# ---------------------------------------------------------------------------------------------
d1 <- its_frame(y, t0)
ar <- arima(
  d1$y, order = c(1, 0, 0), xreg = as.matrix(d1[, c("tc", "step", "ramp")]),
  include.mean = TRUE, method = "ML", optim.control = list(reltol = 1e-12, maxit = 2000)
)
write_ref(
  list(
    case = "sim_gaussian_arima",
    names = names(coef(ar)),
    estimate = unname(coef(ar)),
    se = unname(sqrt(diag(ar$var.coef))),
    sigma2 = ar$sigma2,
    loglik = ar$loglik
  ),
  "sim_gaussian_arima.json"
)

cat("written:", paste(list.files(pattern = "\\.(csv|json)$"), collapse = ", "), "\n")
