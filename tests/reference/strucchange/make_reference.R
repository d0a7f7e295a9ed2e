# Reference output from R strucchange for the structural-break tests.
#
# Run from this directory:   Rscript make_reference.R
# Requires: R, strucchange (1.5-3 was used), jsonlite (used only to re-read and check the output).
# Writes the input series (*.csv) and the reference results (*.json) into the working directory.
# Everything except timings.json is deterministic; see README.md for the file layout and the
# conventions established from the strucchange sources.

suppressPackageStartupMessages({
  library(strucchange)
  library(jsonlite)
})

RNGkind("Mersenne-Twister", "Inversion", "Rejection")
options(warn = 1)

shared_csv <- Sys.getenv(
  "POLICYTS_SHARED_DIR",
  unset = "/work/shared"
)
shared_csv <- file.path(shared_csv, "data", "wdi_ip_pat_resd_selected.csv")

# ---------------------------------------------------------------------------------------------
# Output functions
# ---------------------------------------------------------------------------------------------

# jsonlite writes at most 15 significant digits even with digits = NA, which does not round-trip
# binary64; this small writer prints every non-integer double with 17 significant digits instead.
json_arr <- function(x) {
  attr(x, "json_array") <- TRUE
  x
}

json_str <- function(s) {
  s <- gsub("\\", "\\\\", s, fixed = TRUE)
  s <- gsub("\"", "\\\"", s, fixed = TRUE)
  s <- gsub("\n", "\\n", s, fixed = TRUE)
  s <- gsub("\t", "\\t", s, fixed = TRUE)
  paste0("\"", s, "\"")
}

fmt_num <- function(v) {
  if (is.na(v) || !is.finite(v)) {
    return("null")
  }
  if (v == trunc(v) && abs(v) < 2^53) {
    return(sprintf("%.0f", v))
  }
  sprintf("%.17g", v)
}

to_json <- function(x, indent = 0L) {
  pad <- strrep("  ", indent)
  pad1 <- strrep("  ", indent + 1L)
  if (is.null(x)) {
    return("null")
  }
  if (is.list(x)) {
    nms <- names(x)
    if (length(x) == 0L) {
      return(if (is.null(nms)) "[]" else "{}")
    }
    items <- vapply(x, to_json, "", indent = indent + 1L, USE.NAMES = FALSE)
    if (!is.null(nms)) {
      return(paste0("{\n", paste0(pad1, json_str(nms), ": ", items, collapse = ",\n"),
                    "\n", pad, "}"))
    }
    return(paste0("[\n", paste0(pad1, items, collapse = ",\n"), "\n", pad, "]"))
  }
  if (is.matrix(x)) {
    rows <- lapply(seq_len(nrow(x)), function(i) json_arr(unname(x[i, ])))
    return(to_json(rows, indent))
  }
  if (is.factor(x)) x <- as.character(x)
  vals <- if (is.character(x)) {
    ifelse(is.na(x), "null", json_str(x))
  } else if (is.logical(x)) {
    ifelse(is.na(x), "null", ifelse(x, "true", "false"))
  } else {
    vapply(as.numeric(x), fmt_num, "")
  }
  if (length(x) == 1L && !isTRUE(attr(x, "json_array"))) {
    return(unname(vals))
  }
  paste0("[", paste(vals, collapse = ", "), "]")
}

write_json_file <- function(x, path) {
  txt <- to_json(x)
  writeLines(txt, path, useBytes = TRUE)
  # Parse back to make sure the file is valid JSON.
  invisible(jsonlite::fromJSON(path, simplifyVector = FALSE))
}

fmt17 <- function(v) ifelse(is.na(v), "NA", sprintf("%.17g", v))

write_input_csv <- function(df, path) {
  out <- df
  for (nm in names(out)) {
    if (is.double(out[[nm]])) out[[nm]] <- fmt17(out[[nm]])
  }
  write.table(out, path, sep = ",", quote = FALSE, row.names = FALSE, eol = "\n")
}

meta <- list(
  generated_by = "tests/reference/strucchange/make_reference.R",
  R_version = R.version.string,
  strucchange_version = packageDescription("strucchange")$Version,
  strucchange_packageVersion = as.character(packageVersion("strucchange")),
  sandwich_version = packageDescription("sandwich")$Version,
  zoo_version = packageDescription("zoo")$Version
)

# Evaluate an expression, collecting warnings instead of printing them.
with_warnings <- function(expr) {
  warns <- character(0)
  value <- withCallingHandlers(
    tryCatch(expr, error = function(e) structure(list(message = conditionMessage(e)),
                                                 class = "captured_error")),
    warning = function(w) {
      warns <<- c(warns, conditionMessage(w))
      invokeRestart("muffleWarning")
    }
  )
  list(value = value, warnings = json_arr(warns))
}

is_err <- function(x) inherits(x, "captured_error")

# ---------------------------------------------------------------------------------------------
# strucchange wrappers. `data` is NULL (variables live in environment(formula)) or a ts matrix.
# ---------------------------------------------------------------------------------------------

call_bp <- function(f, data, ...) {
  if (is.null(data)) breakpoints(f, ...) else breakpoints(f, data = data, ...)
}
call_fs <- function(f, data, ...) {
  if (is.null(data)) Fstats(f, ...) else Fstats(f, data = data, ...)
}
call_chow <- function(f, data, ...) {
  if (is.null(data)) sctest(f, type = "Chow", ...) else sctest(f, type = "Chow", data = data, ...)
}

num_breakdates <- function(bp_obj) {
  bd <- breakdates(bp_obj, format.times = FALSE)
  if (length(bd) == 1L && is.na(bd)) numeric(0) else as.numeric(bd)
}

fmt_breakdates <- function(bp_obj) {
  bd <- breakdates(bp_obj, format.times = TRUE)
  if (length(bd) == 1L && is.na(bd)) character(0) else as.character(bd)
}

segment_bounds <- function(bps, n) {
  b <- c(0, bps, n)
  cbind(start = b[-length(b)] + 1, end = b[-1])
}

direct_ols_rss <- function(X, y, bps) {
  sb <- segment_bounds(bps, length(y))
  sum(apply(sb, 1, function(r) {
    i <- r[1]:r[2]
    sum(lm.fit(X[i, , drop = FALSE], y[i])$residuals^2)
  }))
}

# Step-by-step rebuild of strucchange:::pvalue.Fstats (Hansen 1997 response surfaces) exposing
# the table rows, interpolation weights and chi-square arguments; checked against the original.
hansen_detail <- function(x, type, k, lambda) {
  beta_all <- switch(type, supF = sc.beta.sup, aveF = sc.beta.ave, expF = sc.beta.exp)
  k_used <- min(k, 40)
  ncoef <- ncol(beta_all) - 1
  tau <- if (lambda < 1) lambda else 1 / (1 + sqrt(lambda))
  block <- beta_all[((k_used - 1) * 25 + 1):(k_used * 25), , drop = FALSE]
  # Same matrix product as pvalue.Fstats, so that rounding agrees exactly.
  polys <- as.numeric(block[, 1:ncoef] %*% x^(0:(ncoef - 1)))
  row_info <- function(j) {
    b <- as.numeric(block[j, ])
    poly <- polys[j]
    deriv <- if (ncoef > 1) sum(b[2:ncoef] * (1:(ncoef - 1)) * x^(0:(ncoef - 2))) else 0
    arg <- poly * (poly > 0)
    list(row = j, row_tau = 0.51 - 0.02 * j, poly_value = poly, poly_derivative = deriv,
         clipped_at_zero = poly <= 0, chi2_argument = arg, chi2_df = b[ncoef + 1],
         p_row = 1 - pchisq(arg, b[ncoef + 1]))
  }
  if (tau == 0.5) {
    branch <- "tau == 0.5: 1 - pchisq(x, k)"
    rows <- list()
    p <- 1 - pchisq(x, k_used)
  } else if (tau <= 0.01) {
    branch <- "tau <= 0.01: row 25"
    rows <- list(row_info(25))
    p <- rows[[1]]$p_row
  } else if (tau >= 0.49) {
    branch <- "tau >= 0.49: 100 * ((0.5 - tau) * p_row1 + (tau - 0.49) * (1 - pchisq(x, k)))"
    rows <- list(row_info(1))
    p <- ((0.5 - tau) * rows[[1]]$p_row + (tau - 0.49) * (1 - pchisq(x, k_used))) * 100
  } else {
    taua <- (0.51 - tau) * 50
    j <- floor(taua)
    branch <- "interpolate rows j = floor((0.51 - tau) * 50) and j + 1"
    rows <- list(row_info(j), row_info(j + 1))
    rows[[1]]$weight <- j + 1 - taua
    rows[[2]]$weight <- taua - j
    p <- rows[[1]]$weight * rows[[1]]$p_row + rows[[2]]$weight * rows[[2]]$p_row
  }
  ref <- suppressWarnings(strucchange:::pvalue.Fstats(x, type = type, k = k, lambda = lambda))
  stopifnot(isTRUE(all.equal(as.numeric(p), as.numeric(ref), tolerance = 0)))
  list(x = x, type = type, k = k, k_table = k_used, lambda = lambda, tau = tau, branch = branch,
       rows = rows, p_value = p,
       any_row_clipped = any(vapply(rows, function(r) r$clipped_at_zero, TRUE)),
       any_row_poly_decreasing = any(vapply(rows, function(r) r$poly_derivative < 0, TRUE)))
}

# Step-by-step rebuild of confint.breakpointsfull (vcov. = NULL) exposing its intermediate
# quantities; the script checks that the rebuilt interval equals confint()'s.
confint_details <- function(bp, m, level, het.reg, het.err) {
  X <- bp$X
  y <- bp$y
  n <- bp$nobs
  a2 <- (1 - level) / 2
  bps <- breakpoints(bp, breaks = m)$breakpoints
  sb <- segment_bounds(bps, n)
  res <- residuals(bp, breaks = m)
  sigma_pooled <- sum(res^2) / n
  Q_full <- crossprod(X) / n
  seg <- lapply(seq_len(nrow(sb)), function(j) {
    i <- sb[j, 1]:sb[j, 2]
    Xj <- X[i, , drop = FALSE]
    fit <- lm.fit(Xj, y[i])
    list(beta = fit$coefficients,
         Q = if (het.reg) crossprod(Xj) / nrow(Xj) else Q_full,
         sigma = if (het.err) sum(fit$residuals^2) / nrow(Xj) else sigma_pooled)
  })
  target <- function(x, lev, xi, phi1, phi2) {
    strucchange:::pargmaxV(x, xi = xi, phi1 = phi1, phi2 = phi2) - lev
  }
  out <- vector("list", m)
  for (j in seq_len(m)) {
    s1 <- seg[[j]]
    s2 <- seg[[j + 1]]
    delta <- s2$beta - s1$beta
    qprod1 <- as.numeric(crossprod(delta, s1$Q) %*% delta)
    qprod2 <- as.numeric(crossprod(delta, s2$Q) %*% delta)
    xi <- if (het.reg) qprod2 / qprod1 else 1
    phi1 <- sqrt(s1$sigma)
    phi2 <- sqrt(s2$sigma)
    p0 <- strucchange:::pargmaxV(0, xi = xi, phi1 = phi1, phi2 = phi2)
    d <- list(break_number = j, breakpoint = bps[j], delta = json_arr(unname(delta)),
              Qprod1 = qprod1, Qprod2 = qprod2, xi = xi, phi1 = phi1, phi2 = phi2,
              sigma1 = s1$sigma, sigma2 = s2$sigma, p_argmax_le_0 = p0,
              scale_phi1sq_over_Qprod1 = phi1^2 / qprod1)
    if (is.nan(p0) || p0 < a2 || p0 > 1 - a2) {
      d$computable <- FALSE
    } else {
      ub <- lb <- 0
      while (strucchange:::pargmaxV(ub, xi = xi, phi1 = phi1, phi2 = phi2) < 1 - a2) {
        ub <- ub + 1000
      }
      while (strucchange:::pargmaxV(lb, xi = xi, phi1 = phi1, phi2 = phi2) > a2) {
        lb <- lb - 1000
      }
      r_up <- uniroot(target, c(0, ub), lev = 1 - a2, xi = xi, phi1 = phi1, phi2 = phi2)$root
      r_lo <- uniroot(target, c(lb, 0), lev = a2, xi = xi, phi1 = phi1, phi2 = phi2)$root
      r_up_p <- uniroot(target, c(0, ub), lev = 1 - a2, xi = xi, phi1 = phi1, phi2 = phi2,
                        tol = 1e-13, maxiter = 10000)$root
      r_lo_p <- uniroot(target, c(lb, 0), lev = a2, xi = xi, phi1 = phi1, phi2 = phi2,
                        tol = 1e-13, maxiter = 10000)$root
      sc <- phi1^2 / qprod1
      d$computable <- TRUE
      d$search_ub <- ub
      d$search_lb <- lb
      d$root_upper_uniroot_default_tol <- r_up
      d$root_lower_uniroot_default_tol <- r_lo
      d$root_upper_precise <- r_up_p
      d$root_lower_precise <- r_lo_p
      d$upper_scaled <- r_up * sc
      d$lower_scaled <- r_lo * sc
      d$upper_scaled_precise <- r_up_p * sc
      d$lower_scaled_precise <- r_lo_p * sc
      d$ci <- json_arr(c(bps[j] - ceiling(r_up * sc), bps[j], bps[j] - floor(r_lo * sc)))
      d$ci_from_precise_roots <- json_arr(c(bps[j] - ceiling(r_up_p * sc), bps[j],
                                            bps[j] - floor(r_lo_p * sc)))
    }
    out[[j]] <- d
  }
  out
}

ci_breakdates <- function(ci_obj, format_times) {
  r <- with_warnings(breakdates(ci_obj, format.times = format_times))
  list(value = unname(r$value), warnings = r$warnings)
}

# ---------------------------------------------------------------------------------------------
# One case
# ---------------------------------------------------------------------------------------------

run_case <- function(spec) {
  f <- spec$formula
  data <- spec$data
  cat("case", spec$name, "\n")

  bp_run <- with_warnings({
    tm <- system.time(bp <- call_bp(f, data, h = spec$h_arg, breaks = spec$breaks_arg))
    list(bp = bp, time = tm)
  })
  if (is_err(bp_run$value)) stop(bp_run$value$message)
  bp <- bp_run$value$bp
  elapsed <- bp_run$value$time
  n <- bp$nobs
  k <- bp$nreg
  h <- as.integer(bp$RSS.table[1, 1])
  M <- ncol(bp$RSS.table) / 2
  freq <- bp$datatsp[3]
  is_ts_time <- !(isTRUE(all.equal(bp$datatsp, c(1 / n, 1, n))))
  show_formatted <- is_ts_time && freq > 1

  s <- summary(bp)
  c_lwz <- 0.299 * log(n)^2.1
  by_m <- vector("list", M + 1)
  for (m in 0:M) {
    bpm <- breakpoints(bp, breaks = m)
    bps <- if (m == 0) numeric(0) else bpm$breakpoints
    ll <- logLik(bp, breaks = m)
    df <- attr(ll, "df")
    p_star <- (m + 1) * k + m
    rss <- bpm$RSS
    entry <- list(
      m = m,
      breakpoints = json_arr(bps),
      breakdates = json_arr(num_breakdates(bpm)),
      RSS = rss,
      RSS_direct_ols = direct_ols_rss(bp$X, bp$y, bps),
      summary_RSS = unname(s$RSS["RSS", m + 1]),
      summary_BIC = unname(s$RSS["BIC", m + 1]),
      logLik = as.numeric(ll),
      logLik_df = df,
      AIC_k2 = AIC(bp, breaks = m),
      BIC_AIC_k_log_n = AIC(bp, breaks = m, k = log(n)),
      LWZ_strucchange_AIC = AIC(bp, breaks = m, k = c_lwz),
      p_star_bai_perron = p_star,
      BIC_bai_perron = log(rss / n) + p_star * log(n) / n,
      LWZ_bai_perron = log(rss / (n - p_star)) + p_star * 0.299 * log(n)^2.1 / n
    )
    if (show_formatted) entry$breakdates_formatted <- json_arr(fmt_breakdates(bpm))
    by_m[[m + 1]] <- entry
  }
  stopifnot(all(abs(sapply(by_m, `[[`, "summary_BIC") -
                      sapply(by_m, `[[`, "BIC_AIC_k_log_n")) < 1e-9))
  sel <- breakpoints(bp)
  m_sel <- if (any(is.na(sel$breakpoints))) 0L else length(sel$breakpoints)
  pick <- function(key) which.min(sapply(by_m, `[[`, key)) - 1L

  bp_out <- list(
    call = spec$bp_call,
    h_arg = spec$h_arg,
    h = h,
    breaks_arg = spec$breaks_arg,
    max_breaks = M,
    lwz_penalty_per_df = c_lwz,
    by_m = by_m,
    summary_RSS_table = list(
      m = json_arr(0:M),
      RSS = json_arr(unname(s$RSS["RSS", ])),
      BIC = json_arr(unname(s$RSS["BIC", ]))
    ),
    summary_breakpoints_matrix = unname(s$breakpoints),
    selected = list(
      criterion = "BIC from summary(bp)$RSS, as breakpoints(bp) with breaks = NULL",
      m = m_sel,
      breakpoints = json_arr(if (m_sel == 0) numeric(0) else sel$breakpoints),
      breakdates = json_arr(num_breakdates(sel))
    ),
    selected_m_by = list(
      BIC_strucchange = pick("summary_BIC"),
      LWZ_strucchange_AIC = pick("LWZ_strucchange_AIC"),
      BIC_bai_perron = pick("BIC_bai_perron"),
      LWZ_bai_perron = pick("LWZ_bai_perron")
    ),
    warnings = bp_run$warnings
  )
  if (show_formatted) bp_out$selected$breakdates_formatted <- json_arr(fmt_breakdates(sel))

  # Confidence intervals ------------------------------------------------------------------------
  ci_ms <- unique(c(m_sel, 2L))
  ci_ms <- ci_ms[ci_ms >= 1 & ci_ms <= M]
  settings <- list(
    list(level = 0.95, het.reg = TRUE, het.err = TRUE),
    list(level = 0.95, het.reg = TRUE, het.err = FALSE),
    list(level = 0.95, het.reg = FALSE, het.err = TRUE),
    list(level = 0.95, het.reg = FALSE, het.err = FALSE),
    list(level = 0.90, het.reg = TRUE, het.err = TRUE)
  )
  ci_out <- list()
  for (m in ci_ms) {
    for (st in settings) {
      r <- with_warnings(confint(bp, breaks = m, level = st$level, het.reg = st$het.reg,
                                 het.err = st$het.err))
      det <- confint_details(bp, m, st$level, st$het.reg, st$het.err)
      entry <- list(m = m, level = st$level, het_reg = st$het.reg, het_err = st$het.err,
                    is_selected_m = (m == m_sel))
      if (is_err(r$value)) {
        entry$error <- r$value$message
      } else {
        ci <- r$value
        mat <- unname(ci$confint)
        entry$confint <- mat
        entry$column_names <- json_arr(colnames(ci$confint))
        bd <- ci_breakdates(ci, FALSE)
        entry$breakdates <- bd$value
        entry$breakdates_warnings <- bd$warnings
        if (show_formatted) entry$breakdates_formatted <- ci_breakdates(ci, TRUE)$value
        # The rebuild must reproduce confint() exactly.
        for (j in seq_len(m)) {
          if (isTRUE(det[[j]]$computable)) {
            stopifnot(identical(as.numeric(det[[j]]$ci), as.numeric(mat[j, ])))
          } else {
            stopifnot(is.na(mat[j, 1]) && is.na(mat[j, 3]))
          }
        }
      }
      entry$details <- det
      entry$warnings <- r$warnings
      ci_out[[length(ci_out) + 1L]] <- entry
    }
  }
  if (m_sel == 0) {
    ci_note <- "selected m is 0: confint() is not defined for zero breaks"
  } else {
    ci_note <- NULL
  }

  # Coefficients and standard errors ---------------------------------------------------------
  coef_ms <- unique(c(m_sel, 2L))
  coef_ms <- coef_ms[coef_ms >= 0 & coef_ms <= M]
  coef_out <- list()
  for (m in coef_ms) {
    cf <- coef(bp, breaks = m)
    bps <- if (m == 0) numeric(0) else breakpoints(bp, breaks = m)$breakpoints
    se <- list()
    for (hr in c(TRUE, FALSE)) {
      for (he in c(TRUE, FALSE)) {
        v <- vcov(bp, breaks = m, het.reg = hr, het.err = he)
        key <- sprintf("het_reg_%s_het_err_%s", hr, he)
        se[[key]] <- do.call(rbind, lapply(v, function(mm) sqrt(diag(mm))))
        se[[key]] <- unname(se[[key]])
      }
    }
    # het.err = FALSE ignores het.reg in vcov.breakpointsfull.
    stopifnot(isTRUE(all.equal(se$het_reg_TRUE_het_err_FALSE, se$het_reg_FALSE_het_err_FALSE,
                               tolerance = 0)))
    coef_out[[length(coef_out) + 1L]] <- list(
      m = m,
      is_selected_m = (m == m_sel),
      breakpoints = json_arr(bps),
      regime_bounds = segment_bounds(bps, n),
      regime_labels = json_arr(rownames(cf)),
      coef_names = json_arr(colnames(cf)),
      coef = unname(cf),
      se = se
    )
  }

  # Fstats ---------------------------------------------------------------------------------
  fs_out <- list()
  for (from in spec$fstats_from) {
    r <- with_warnings(call_fs(f, data, from = from))
    if (is_err(r$value)) {
      fs_out[[length(fs_out) + 1L]] <- list(from_arg = from, error = r$value$message,
                                            warnings = r$warnings)
      next
    }
    fs <- r$value
    F <- as.numeric(fs$Fstats)
    # Fstats() sets breakpoint = which.max(F) + from - 1, which recovers the integer `from`.
    from_i <- as.integer(fs$breakpoint - which.max(F) + 1L)
    idx <- from_i:(from_i + length(F) - 1L)
    tests <- list()
    for (ty in c("supF", "aveF", "expF")) {
      st <- sctest(fs, type = ty)
      tests[[ty]] <- list(statistic = unname(st$statistic), p_value = st$p.value,
                          method = st$method)
      if (fs$par != 1) {
        tests[[ty]]$hansen_detail <- hansen_detail(unname(st$statistic), ty, fs$nreg, fs$par)
      }
    }
    fs_out[[length(fs_out) + 1L]] <- list(
      from_arg = from,
      from = from_i,
      to = max(idx),
      nreg = fs$nreg,
      nobs = fs$nobs,
      lambda = fs$par,
      tau_from_lambda = if (fs$par < 1) fs$par else 1 / (1 + sqrt(fs$par)),
      breakpoint = fs$breakpoint,
      breakpoint_time = as.numeric(time(fs$Fstats))[fs$breakpoint - from_i + 1L],
      min_RSS = fs$RSS,
      index = json_arr(idx),
      time = json_arr(as.numeric(time(fs$Fstats))),
      F = json_arr(F),
      tests = tests,
      warnings = r$warnings
    )
  }

  # Chow -----------------------------------------------------------------------------------
  pts <- sort(unique(c(spec$chow_points, if (m_sel > 0) sel$breakpoints)))
  pts <- pts[pts > k & pts < n - k]
  chow_out <- list()
  fs_main <- call_fs(f, data, from = spec$fstats_from[1])
  fs_main_from <- fs_main$breakpoint - which.max(fs_main$Fstats) + 1L
  for (p in pts) {
    ct <- call_chow(f, data, point = p)
    stat <- unname(ct$statistic)
    entry <- list(
      point = p,
      point_time = (p - 1) / freq + bp$datatsp[1],
      statistic = stat,
      p_value = ct$p.value,
      p_value_upper_tail = pf(stat, k, n - 2 * k, lower.tail = FALSE),
      df1 = k,
      df2 = n - 2 * k
    )
    j <- p - fs_main_from + 1L
    if (j >= 1 && j <= length(fs_main$Fstats)) {
      entry$Fstats_value_same_point <- as.numeric(fs_main$Fstats)[j]
      stopifnot(abs(entry$Fstats_value_same_point - k * stat) <= 1e-8 * max(1, k * stat))
    }
    chow_out[[length(chow_out) + 1L]] <- entry
  }

  res <- c(list(case = spec$name), meta, list(
    description = spec$description,
    input_file = spec$input_file,
    formula = spec$formula_text,
    n = n,
    k = k,
    h = h,
    regressor_names = json_arr(colnames(bp$X)),
    datatsp = json_arr(bp$datatsp),
    time_is_ts = is_ts_time,
    breakpoints = bp_out,
    confint = ci_out,
    confint_note = ci_note,
    coef = coef_out,
    Fstats = fs_out,
    chow = chow_out
  ))
  if (!is.null(spec$truth)) res$simulation_truth <- spec$truth
  write_json_file(res, paste0(spec$name, ".json"))
  list(elapsed = elapsed, n = n, h = h, M = M)
}

make_env <- function(...) list2env(list(...), parent = globalenv())

with_env <- function(f, env) {
  environment(f) <- env
  f
}

specs <- list()

# 1. Nile -------------------------------------------------------------------------------------
y_nile <- Nile
write_input_csv(data.frame(time = as.integer(time(y_nile)), y = as.numeric(y_nile)), "nile.csv")
specs$nile <- list(
  name = "nile", input_file = "nile.csv",
  description = "Nile annual flow at Aswan 1871-1970 (R datasets::Nile), level-shift model.",
  formula = with_env(y ~ 1, make_env(y = y_nile)), formula_text = "y ~ 1", data = NULL,
  h_arg = 0.15, breaks_arg = NULL, bp_call = "breakpoints(y ~ 1, h = 0.15, breaks = NULL)",
  fstats_from = c(0.15, 0.05, 0.25), chow_points = c(28, 45, 83)
)

# 2. RealInt ----------------------------------------------------------------------------------
data("RealInt", package = "strucchange", envir = environment())
y_ri <- RealInt
ri_time <- sprintf("%d-Q%d", floor(time(y_ri) + 1e-6), cycle(y_ri))
write_input_csv(data.frame(time = ri_time, y = as.numeric(y_ri)), "realint.csv")
specs$realint <- list(
  name = "realint", input_file = "realint.csv",
  description = paste("US ex-post real interest rate, quarterly 1961Q1-1986Q3",
                      "(strucchange::RealInt), mean-shift model of Bai and Perron (2003)."),
  formula = with_env(y ~ 1, make_env(y = y_ri)), formula_text = "y ~ 1", data = NULL,
  h_arg = 0.15, breaks_arg = 5, bp_call = "breakpoints(y ~ 1, h = 0.15, breaks = 5)",
  fstats_from = c(0.15, 0.05, 0.25), chow_points = c(47, 52, 79)
)

# 3. reg_x ------------------------------------------------------------------------------------
set.seed(1001)
n_rx <- 120
x_rx <- rnorm(n_rx)
e_rx <- rnorm(n_rx, sd = 0.5)
tt_rx <- seq_len(n_rx)
y_rx <- ifelse(tt_rx <= 48, 1 + 0.5 * x_rx, 2 + 1.5 * x_rx) + e_rx
write_input_csv(data.frame(time = tt_rx, y = y_rx, x = x_rx), "reg_x.csv")
specs$reg_x <- list(
  name = "reg_x", input_file = "reg_x.csv",
  description = paste("Simulated regression with one break (set.seed(1001); x <- rnorm(120);",
                      "e <- rnorm(120, sd = 0.5); y = 1 + 0.5 x + e for t <= 48,",
                      "y = 2 + 1.5 x + e for t > 48)."),
  formula = with_env(y ~ x, make_env(y = y_rx, x = x_rx)), formula_text = "y ~ x", data = NULL,
  h_arg = 0.15, breaks_arg = 5, bp_call = "breakpoints(y ~ x, h = 0.15, breaks = 5)",
  fstats_from = c(0.15, 0.05, 0.25), chow_points = c(30, 48, 60),
  truth = list(breakpoints = json_arr(48), coef = list(json_arr(c(1, 0.5)), json_arr(c(2, 1.5))),
               sigma = 0.5)
)

# 4. trend ------------------------------------------------------------------------------------
set.seed(1002)
n_tr <- 80
tt_tr <- seq_len(n_tr)
e_tr <- rnorm(n_tr)
y_tr <- ifelse(tt_tr <= 50, 2 + 0.1 * tt_tr, 4 + 0.3 * tt_tr) + e_tr
write_input_csv(data.frame(time = tt_tr, y = y_tr, tt = tt_tr), "trend.csv")
specs$trend <- list(
  name = "trend", input_file = "trend.csv",
  description = paste("Simulated broken trend (set.seed(1002); e <- rnorm(80);",
                      "y = 2 + 0.1 t + e for t <= 50, y = 4 + 0.3 t + e for t > 50)."),
  formula = with_env(y ~ tt, make_env(y = y_tr, tt = tt_tr)), formula_text = "y ~ tt",
  data = NULL, h_arg = 0.15, breaks_arg = 5,
  bp_call = "breakpoints(y ~ tt, h = 0.15, breaks = 5)",
  fstats_from = c(0.15, 0.05, 0.25), chow_points = c(25, 40, 50),
  truth = list(breakpoints = json_arr(50), coef = list(json_arr(c(2, 0.1)), json_arr(c(4, 0.3))),
               sigma = 1)
)

# 5. UK driver deaths with lags ----------------------------------------------------------------
dd <- log(UKDriverDeaths)
dd <- cbind(y = dd, ylag1 = stats::lag(dd, k = -1), ylag12 = stats::lag(dd, k = -12))
dd <- window(dd, start = c(1970, 1), end = c(1984, 12))
dd_time <- sprintf("%d-%02d", floor(time(dd) + 1e-6), cycle(dd))
write_input_csv(data.frame(time = dd_time, y = as.numeric(dd[, "y"]),
                           ylag1 = as.numeric(dd[, "ylag1"]),
                           ylag12 = as.numeric(dd[, "ylag12"])), "ukdd_lag.csv")
specs$ukdd_lag <- list(
  name = "ukdd_lag", input_file = "ukdd_lag.csv",
  description = paste("log(UKDriverDeaths) 1970-01..1984-12 with its lags 1 and 12",
                      "(R datasets::UKDriverDeaths; the strucchange breakpoints() example)."),
  formula = y ~ ylag1 + ylag12, formula_text = "y ~ ylag1 + ylag12", data = dd,
  h_arg = 0.1, breaks_arg = 5,
  bp_call = "breakpoints(y ~ ylag1 + ylag12, data = dd, h = 0.1, breaks = 5)",
  fstats_from = c(0.1, 0.05, 0.25), chow_points = c(46, 90, 157)
)

# 6. China resident invention applications -----------------------------------------------------
wdi <- read.csv(shared_csv, stringsAsFactors = FALSE)
chn <- wdi[wdi$economy == "CHN", c("year", "ip_pat_resd")]
chn <- chn[order(chn$year), ]
stopifnot(identical(as.integer(chn$year), 1985:2018), !anyNA(chn$ip_pat_resd))
y_cn <- ts(log(chn$ip_pat_resd), start = 1985)
tt_cn <- seq_along(y_cn)
write_input_csv(data.frame(time = as.integer(chn$year), y = as.numeric(y_cn), tt = tt_cn,
                           ip_pat_resd = as.integer(chn$ip_pat_resd)), "china_resd.csv")
specs$china_resd <- list(
  name = "china_resd", input_file = "china_resd.csv",
  description = paste("log of China's resident patent applications 1985-2018",
                      "(World Bank WDI IP.PAT.RESD, economy CHN, from",
                      "data/wdi_ip_pat_resd_selected.csv of the shared data set),",
                      "broken linear trend."),
  formula = with_env(y ~ tt, make_env(y = y_cn, tt = tt_cn)), formula_text = "y ~ tt",
  data = NULL, h_arg = 0.15, breaks_arg = 5,
  bp_call = "breakpoints(y ~ tt, h = 0.15, breaks = 5)",
  fstats_from = c(0.15, 0.05, 0.25), chow_points = c(10, 17, 24)
)
g_cn <- diff(y_cn)
write_input_csv(data.frame(time = as.integer(time(g_cn)), y = as.numeric(g_cn)),
                "china_resd_growth.csv")
specs$china_resd_growth <- list(
  name = "china_resd_growth", input_file = "china_resd_growth.csv",
  description = paste("Growth rate diff(log) of China's resident patent applications 1986-2018",
                      "(same source as china_resd), mean-shift model."),
  formula = with_env(y ~ 1, make_env(y = g_cn)), formula_text = "y ~ 1", data = NULL,
  h_arg = 0.15, breaks_arg = 5, bp_call = "breakpoints(y ~ 1, h = 0.15, breaks = 5)",
  fstats_from = c(0.15, 0.05, 0.25), chow_points = c(10, 15, 23)
)

# 7. Mean shifts, n = 500 and n = 2000 ---------------------------------------------------------
sim_meanshift <- function(n, bps, seed) {
  set.seed(seed)
  mu <- c(0, 1, -0.5, 0.5)
  regime <- findInterval(seq_len(n), bps + 1) + 1
  mu[regime] + rnorm(n)
}
y_m500 <- sim_meanshift(500, c(100, 250, 400), 1003)
write_input_csv(data.frame(time = 1:500, y = y_m500), "meanshift_500.csv")
specs$meanshift_500 <- list(
  name = "meanshift_500", input_file = "meanshift_500.csv",
  description = paste("Simulated mean shifts (set.seed(1003); y = mu[regime] + rnorm(500),",
                      "mu = 0, 1, -0.5, 0.5; regimes end at 100, 250, 400, 500)."),
  formula = with_env(y ~ 1, make_env(y = y_m500)), formula_text = "y ~ 1", data = NULL,
  h_arg = 25, breaks_arg = 5, bp_call = "breakpoints(y ~ 1, h = 25, breaks = 5)",
  fstats_from = c(0.15, 0.05, 0.25), chow_points = c(100, 250, 400),
  truth = list(breakpoints = json_arr(c(100, 250, 400)), means = json_arr(c(0, 1, -0.5, 0.5)),
               sigma = 1)
)
y_m2000 <- sim_meanshift(2000, c(400, 1000, 1600), 1004)
write_input_csv(data.frame(time = 1:2000, y = y_m2000), "meanshift_2000.csv")
specs$meanshift_2000 <- list(
  name = "meanshift_2000", input_file = "meanshift_2000.csv",
  description = paste("Simulated mean shifts (set.seed(1004); y = mu[regime] + rnorm(2000),",
                      "mu = 0, 1, -0.5, 0.5; regimes end at 400, 1000, 1600, 2000)."),
  formula = with_env(y ~ 1, make_env(y = y_m2000)), formula_text = "y ~ 1", data = NULL,
  h_arg = 100, breaks_arg = 5, bp_call = "breakpoints(y ~ 1, h = 100, breaks = 5)",
  fstats_from = c(0.15, 0.05, 0.25), chow_points = c(400, 1000, 1600),
  truth = list(breakpoints = json_arr(c(400, 1000, 1600)), means = json_arr(c(0, 1, -0.5, 0.5)),
               sigma = 1)
)

timings <- list()
for (sp in specs) {
  info <- run_case(sp)
  if (sp$name %in% c("meanshift_500", "meanshift_2000")) {
    timings[[sp$name]] <- list(
      call = sp$bp_call, n = info$n, h = info$h, max_breaks = info$M,
      elapsed_seconds = round(unname(info$elapsed["elapsed"]), 3),
      user_seconds = round(unname(info$elapsed["user.self"]), 3),
      system_seconds = round(unname(info$elapsed["sys.self"]), 3)
    )
  }
}
write_json_file(c(meta, list(
  note = paste("Wall-clock time of breakpoints() (system.time). Informational only:",
               "machine dependent and not reproducible."),
  machine = unname(Sys.info()["machine"]),
  timings = timings
)), "timings.json")

# ---------------------------------------------------------------------------------------------
# Hansen (1997) p-values as implemented in strucchange:::pvalue.Fstats
# ---------------------------------------------------------------------------------------------
cat("hansen p-values\n")
x_grid <- c(0.1, 0.25, 0.5, 1, 1.5, 2, 3, 4, 5, 6, 8, 10, 12, 15, 20, 25, 30, 40, 60, 80, 100)
k_grid <- c(1, 2, 3, 5, 10, 20, 40)
from_grid <- c(0.01, 0.05, 0.10, 0.15, 0.20, 0.25, 0.30, 0.40, 0.45, 0.49, 0.495, 0.5)
hp <- list()
for (ty in c("supF", "aveF", "expF")) {
  for (kk in k_grid) {
    for (fr in from_grid) {
      lam <- ((1 - fr) / fr)^2
      p <- vapply(x_grid, function(x) {
        v <- strucchange:::pvalue.Fstats(x, type = ty, k = kk, lambda = lam)
        if (length(v) == 0L) NA_real_ else v
      }, 0)
      p_tau <- vapply(x_grid, function(x) {
        v <- strucchange:::pvalue.Fstats(x, type = ty, k = kk, lambda = fr)
        if (length(v) == 0L) NA_real_ else v
      }, 0)
      tau <- if (lam < 1) lam else 1 / (1 + sqrt(lam))
      det <- lapply(x_grid, hansen_detail, type = ty, k = kk, lambda = lam)
      rises <- which(diff(p) > 0)
      hp[[length(hp) + 1L]] <- list(
        type = ty, k = kk, from = fr, to = 1 - fr, lambda = lam, tau = tau,
        branch = det[[1]]$branch,
        rows = json_arr(vapply(det[[1]]$rows, function(r) r$row, 0)),
        row_weights = json_arr(vapply(det[[1]]$rows, function(r) {
          if (is.null(r$weight)) 1 else r$weight
        }, 0)),
        p_value = json_arr(p),
        polynomial_clipped_at_zero = json_arr(vapply(det, `[[`, TRUE, "any_row_clipped")),
        polynomial_decreasing = json_arr(vapply(det, `[[`, TRUE, "any_row_poly_decreasing")),
        first_x_where_p_rises = if (length(rises)) x_grid[rises[1] + 1] else NULL,
        max_abs_diff_if_lambda_equals_from = max(abs(p - p_tau))
      )
    }
  }
}
write_json_file(c(meta, list(
  function_called = "strucchange:::pvalue.Fstats(x, type, k, lambda)",
  lambda_definition = paste("lambda = ((1 - from) / from)^2, i.e. ((n - from) * to) / (from * (n - to))",
                            "of Fstats() for symmetric trimming to = 1 - from; pvalue.Fstats",
                            "maps it to tau = 1 / (1 + sqrt(lambda)) = from (tau = lambda",
                            "if lambda < 1)."),
  x_scale = paste("x is on the scale of Fstats()$Fstats, i.e. k times the Chow F statistic",
                  "(Wald/LM scale) for supF and aveF; for expF x = log(mean(exp(Fstats / 2)))."),
  x = json_arr(x_grid),
  k = json_arr(k_grid),
  from = json_arr(from_grid),
  entries = hp
)), "hansen_pvalues.json")

# ---------------------------------------------------------------------------------------------
# Distribution function of argmax V (Bai 1997) as in strucchange:::pargmaxV
# ---------------------------------------------------------------------------------------------
cat("pargmaxV\n")
pv_x <- c(-50, -20, -10, -5, -2, -1, -0.5, 0, 0.5, 1, 2, 5, 10, 20, 50)
pv_par <- list(c(1, 1, 1), c(2, 1, 1), c(0.5, 1, 2), c(1.5, 2, 0.7), c(3, 0.5, 1.5))
pv <- lapply(pv_par, function(pr) {
  list(xi = pr[1], phi1 = pr[2], phi2 = pr[3],
       value = json_arr(strucchange:::pargmaxV(pv_x, xi = pr[1], phi1 = pr[2], phi2 = pr[3])))
})
write_json_file(c(meta, list(
  function_called = "strucchange:::pargmaxV(x, xi, phi1, phi2)",
  x = json_arr(pv_x),
  entries = pv
)), "pargmaxv.json")

cat("done\n")
