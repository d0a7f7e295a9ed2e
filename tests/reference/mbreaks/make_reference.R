# Reference output from R mbreaks (Nguyen, Perron and Yamamoto) for Bai-Perron with HAC
# errors, heterogeneous regimes and partial structural change.
#
# Run from this directory:   Rscript make_reference.R
# Requires: R, mbreaks (1.0.1, installed from its CRAN source), strucchange (for the RealInt
# data set), jsonlite. Writes the input series (*.csv) and one JSON file per case into the
# working directory. Everything is deterministic (the one simulated series has a fixed seed).
# See README.md for the cases, the layout of the JSON files and the conventions.

suppressPackageStartupMessages({
  library(mbreaks)
  library(strucchange)
  library(jsonlite)
})

RNGkind("Mersenne-Twister", "Inversion", "Rejection")
options(warn = 1)

versions <- list(
  R = R.version.string,
  mbreaks = as.character(packageVersion("mbreaks")),
  strucchange = as.character(packageVersion("strucchange")),
  jsonlite = as.character(packageVersion("jsonlite"))
)

write_json_file <- function(x, path) {
  txt <- jsonlite::toJSON(x, auto_unbox = TRUE, digits = NA, null = "null", na = "null",
                          pretty = TRUE, matrix = "rowmajor")
  writeLines(txt, path)
}

# -------------------------------------------------------------------------------------------
# One case: every mbreaks procedure on one data set with one set of options.
# Dates are mbreaks' convention: a break date b is the 1-based index of the LAST observation
# of the old regime (equal to the 0-based index of the first observation of the new one).
# -------------------------------------------------------------------------------------------
run_case <- function(name, data, csv, y_name, z_name, x_name, const, m, eps1, opts,
                     description) {
  cat("case", name, "\n")
  y <- data.matrix(data[, y_name, drop = FALSE])
  bigT <- nrow(y)
  h <- floor(eps1 * bigT)
  z <- if (const == 1) cbind(1, data.matrix(data[, z_name, drop = FALSE])) else
    data.matrix(data[, z_name, drop = FALSE])
  if (is.null(z_name) && const == 1) z <- matrix(1, bigT, 1)
  q <- ncol(z)
  x <- if (is.null(x_name)) NULL else data.matrix(data[, x_name, drop = FALSE])
  p <- if (is.null(x)) 0 else ncol(x)
  args <- c(list(y_name = y_name, z_name = z_name, x_name = x_name, data = data, const = const,
                 eps1 = eps1), opts)

  # Global minimisers (doglob is what every procedure below calls first).
  glob <- mbreaks::doglob(y, z, x, m, 0.00001, h, 10, 0, 0, 0, eps1)
  zz <- if (p == 0) z else cbind(z, x)
  ssr0 <- drop(t(y - zz %*% solve(crossprod(zz), crossprod(zz, y))) %*%
                 (y - zz %*% solve(crossprod(zz), crossprod(zz, y))))
  dates_by_m <- lapply(seq_len(m), function(i) glob$datevec[seq_len(i), i])

  tst <- do.call(mbreaks::dotest, c(args, list(m = m)))
  seqt <- do.call(mbreaks::doseqtests, c(args, list(m = m)))
  # WDmax is printed, not returned, by dotest: the same weighting, from the same tables.
  wdmax <- sapply(1:4, function(sl) {
    cv <- mbreaks:::getcv1(sl, eps1)
    max(cv[q, 1] * tst$ftest[, 1] / cv[q, seq_len(m)])
  })
  names(wdmax) <- c("0.1", "0.05", "0.025", "0.01")

  ic <- list()
  for (crit in c("BIC", "LWZ", "KT")) {
    o <- suppressMessages(do.call(mbreaks::doorder, c(args, list(m = m, ic = crit))))
    ic[[crit]] <- list(selected_m = o$nbreak)
  }
  # The criterion values themselves (doorder keeps only the choice): mbreaks' formulas.
  glob_ssr <- c(ssr0, glob$glb[, 1])
  c0 <- 0.299
  delta0 <- 0.1
  bic <- lwz <- kt <- numeric(m + 1)
  for (i in seq_len(m + 1)) {
    bic[i] <- log(glob_ssr[i] / bigT) + log(bigT) * (i - 1) * (q + 1) / bigT
    lwz[i] <- log(glob_ssr[i] / (bigT - i * q - i + 1)) +
      ((i - 1) * (q + 1) * c0 * (log(bigT))^(2 + delta0)) / bigT
    bd <- if (i == 1) c(0, bigT) else c(0, glob$datevec[seq_len(i - 1), i - 1], bigT)
    for (l in seq_len(i)) {
      idx <- seq(bd[l] + 1, bd[l + 1])
      segy <- y[idx, , drop = FALSE]
      segz <- z[idx, , drop = FALSE]
      segres <- segy - segz %*% solve(crossprod(segz), crossprod(segz, segy))
      dt <- bd[l + 1] - bd[l]
      kt[i] <- kt[i] + dt * log(sum(segres^2) / dt) + q * log(dt)
    }
    kt[i] <- kt[i] + 2 * i * log(bigT)
  }
  stopifnot(which.min(bic) - 1 == ic$BIC$selected_m, which.min(lwz) - 1 == ic$LWZ$selected_m,
            which.min(kt) - 1 == ic$KT$selected_m)
  ic$BIC$values <- bic
  ic$LWZ$values <- lwz
  ic$KT$values <- kt

  model_out <- function(o) {
    if (is.null(o) || o$nbreak == 0) return(list(nbreak = 0))
    list(nbreak = o$nbreak, dates = as.numeric(o$date),
         ci95 = unname(o$CI[, 1:2, drop = FALSE]), ci90 = unname(o$CI[, 3:4, drop = FALSE]),
         beta = as.numeric(o$beta), se = as.numeric(o$SE), ssr = as.numeric(o$SSR))
  }
  sequential <- lapply(1:4, function(sg) {
    o <- suppressMessages(do.call(mbreaks::dosequa, c(args, list(m = m, signif = sg))))
    model_out(o)
  })
  names(sequential) <- c("0.1", "0.05", "0.025", "0.01")
  fixed <- lapply(seq_len(m), function(i) {
    model_out(suppressMessages(do.call(mbreaks::dofix, c(args, list(fixn = i)))))
  })
  names(fixed) <- as.character(seq_len(m))

  out <- list(
    case = name, description = description, versions = versions,
    data = list(csv = csv, y = y_name, z = z_name, x = x_name, const = const,
                n = bigT, q = q, p = p),
    options = c(list(eps1 = eps1, m = m, h = h), opts),
    coefficient_order = if (p == 0) "z regressors regime by regime" else
      "x (fixed) regressors first, then z regressors regime by regime",
    rss = glob_ssr,
    dates_by_m = dates_by_m,
    supF = tst$ftest[, 1],
    cv_supF = unname(tst$cv_supF),
    udmax = max(tst$ftest[seq_len(min(m, 5)), 1]),
    cv_Dmax = as.numeric(tst$cv_Dmax),
    wdmax = as.list(wdmax),
    supF_next = seqt$supfl[, 1],
    cv_supF_next = unname(seqt$cv),
    ic = ic,
    sequential = sequential,
    fix = fixed
  )
  write_json_file(out, paste0(name, ".json"))
  invisible(out)
}

# -------------------------------------------------------------------------------------------
# Data
# -------------------------------------------------------------------------------------------
data("RealInt", package = "strucchange")
tt <- time(RealInt)
realint <- data.frame(
  quarter = sprintf("%d-Q%d", floor(tt + 1e-8), round((tt - floor(tt + 1e-8)) * 4) + 1),
  rate = as.numeric(RealInt)
)
write.csv(realint, "realint.csv", row.names = FALSE, quote = FALSE)

nkpc <- mbreaks::nkpc
nkpc_out <- data.frame(quarter = sprintf("%d-Q%d", nkpc$year, nkpc$quarter),
                       inf = nkpc$inf, inflag = nkpc$inflag, lbs = nkpc$lbs,
                       inffut = nkpc$inffut)
write.csv(nkpc_out, "nkpc.csv", row.names = FALSE, quote = FALSE)

nile <- data.frame(year = as.integer(time(Nile)), flow = as.numeric(Nile),
                   trend = seq_along(Nile))
write.csv(nile, "nile.csv", row.names = FALSE, quote = FALSE)

set.seed(20261125)
n_het <- 120
u <- rnorm(n_het)
het <- data.frame(t = seq_len(n_het),
                  y = ifelse(seq_len(n_het) <= 60, 0, 1.5) +
                      ifelse(seq_len(n_het) <= 60, 1, 2.5) * u)
write.csv(het, "hetshift.csv", row.names = FALSE, quote = FALSE)

# China, resident invention-patent applications (WIPO via World Bank WDI IP.PAT.RESD), the
# series bundled with policyts: annual growth of the log, 1986-2022.
cn <- read.csv(file.path("..", "..", "..", "src", "policyts", "datasets", "data",
                         "cn_invention_applications.csv"))
cn_growth <- data.frame(year = cn$year[-1], growth = 100 * diff(log(cn$resident)))
write.csv(cn_growth, "cn_resident_growth.csv", row.names = FALSE, quote = FALSE)

paper <- list(prewhit = 1, robust = 1, hetdat = 1, hetvar = 1, hetq = 1, hetomega = 1)
hetvar_iid <- list(prewhit = 0, robust = 0, hetdat = 1, hetvar = 1, hetq = 1, hetomega = 1)

run_case("realint_paper", realint, "realint.csv", "rate", NULL, NULL, 1, 5, 0.15, paper,
         "US ex-post real interest rate (strucchange RealInt), mean shifts, the options of Bai & Perron (2003, section 5.1)")
run_case("realint_hetvar", realint, "realint.csv", "rate", NULL, NULL, 1, 5, 0.15, hetvar_iid,
         "RealInt, serially uncorrelated errors whose variance differs across regimes")
run_case("nkpc_partial", nkpc_out, "nkpc.csv", "inf", "inflag", c("lbs", "inffut"), 1, 3, 0.15,
         hetvar_iid,
         "partial structural change: intercept and inflag change, lbs and inffut fixed (mbreaks nkpc data)")
run_case("nile_trend", nile, "nile.csv", "flow", "trend", NULL, 1, 5, 0.15, paper,
         "Nile flow, intercept and linear trend change, HAC options")
run_case("hetshift", het, "hetshift.csv", "y", NULL, NULL, 1, 4, 0.10, hetvar_iid,
         "simulated mean shift with a variance change at t = 60 (seed 20261125)")
run_case("cn_resident_growth", cn_growth, "cn_resident_growth.csv", "growth", NULL, NULL, 1, 3,
         0.20, paper,
         "short annual series: growth of China's resident invention applications 1986-2022 (n = 37)")
# Branches the cases above leave untested: common regressor moments (hetdat = 0), a pooled
# long-run variance (hetvar = 0 with robust = 1), common Q and Omega in the intervals, and HAC
# errors with fixed regressors.
run_case("realint_hetdat0", realint, "realint.csv", "rate", NULL, NULL, 1, 5, 0.15,
         list(prewhit = 0, robust = 0, hetdat = 0, hetvar = 1, hetq = 0, hetomega = 0),
         "RealInt, common regressor moments, regime error variances; common Q and variance in the intervals")
run_case("nile_robust_pooled", nile, "nile.csv", "flow", "trend", NULL, 1, 4, 0.15,
         list(prewhit = 1, robust = 1, hetdat = 1, hetvar = 0, hetq = 0, hetomega = 0),
         "Nile, intercept and trend change, HAC with one long-run variance for the whole sample")
run_case("nkpc_partial_robust", nkpc_out, "nkpc.csv", "inf", "inflag", c("lbs", "inffut"), 1, 2,
         0.15, list(prewhit = 0, robust = 1, hetdat = 1, hetvar = 1, hetq = 1, hetomega = 1),
         "partial structural change with HAC errors (no prewhitening)")
cat("done\n")
