# Reference output from R strucchange for noise-free steps (exact fits with a break).
#
# Run from this directory:   Rscript make_step_reference.R
# Requires: R, strucchange (1.5-3 was used), jsonlite (only to re-read and check the output).
# Writes step_mean.csv, step_trend.csv and step.json; deterministic (no random numbers).
# See README.md ("Noise-free steps") for what the numbers show.

suppressPackageStartupMessages({
  library(strucchange)
  library(jsonlite)
})
options(warn = 1)

# Minimal JSON writer: doubles with 17 significant digits (exact binary64 round trip), whole
# numbers as integers, NA/NaN/Inf as null, vectors of length != 1 (or marked) as arrays.
num17 <- function(v) {
  if (is.na(v) || !is.finite(v)) return("null")
  if (v == trunc(v) && abs(v) < 2^53) return(sprintf("%.0f", v))
  sprintf("%.17g", v)
}
as_arr <- function(x) structure(x, json_array = TRUE)
jsonify <- function(x) {
  if (is.null(x)) return("null")
  if (is.list(x)) {
    inner <- vapply(x, jsonify, "")
    if (is.null(names(x))) return(paste0("[", paste(inner, collapse = ", "), "]"))
    keys <- vapply(names(x), function(k) paste0("\"", k, "\""), "")
    return(paste0("{\n", paste0("  ", keys, ": ", inner, collapse = ",\n"), "\n}"))
  }
  vals <- if (is.character(x)) paste0("\"", x, "\"") else vapply(as.numeric(x), num17, "")
  if (length(x) == 1L && !isTRUE(attr(x, "json_array"))) return(vals)
  paste0("[", paste(vals, collapse = ", "), "]")
}

one_case <- function(name, y, f, desc) {
  n <- length(y)
  tt <- seq_len(n)
  environment(f) <- environment()
  bp <- breakpoints(f, h = 0.15)
  s <- summary(bp)
  M <- ncol(s$RSS) - 1L
  by_m <- lapply(seq_len(M), function(m) as_arr(breakpoints(bp, breaks = m)$breakpoints))
  names(by_m) <- as.character(seq_len(M))
  sel <- breakpoints(bp)
  fs <- Fstats(f, from = 0.15)
  write.table(data.frame(time = as.numeric(time(y)), y = sprintf("%.17g", as.numeric(y))),
              paste0(name, ".csv"), sep = ",", quote = FALSE, row.names = FALSE, eol = "\n")
  list(
    description = desc,
    formula = paste(deparse(f), collapse = ""),
    n = n,
    h = floor(0.15 * n),
    breaks_M = M,
    summary_RSS = as_arr(unname(s$RSS["RSS", ])),
    summary_BIC = as_arr(unname(s$RSS["BIC", ])),
    breakpoints_by_m = by_m,
    selected_breakpoints = as_arr(sel$breakpoints),
    selected_breakdates = as_arr(as.numeric(breakdates(sel))),
    Fstats_breakpoint = fs$breakpoint,
    chow_at_10 = unname(sctest(f, type = "Chow", point = 10)$statistic)
  )
}

start <- 1990
y_mean <- ts(c(rep(1, 15), rep(2, 16)), start = start)
k <- seq_len(31)
y_trend <- ts(ifelse(k <= 15, 0.5 + 0.25 * k, 3 + 0.125 * k), start = start)

out <- list(
  generated_by = "tests/reference/strucchange/make_step_reference.R",
  R_version = R.version.string,
  strucchange_version = as.character(packageVersion("strucchange")),
  break_convention = paste(
    "breakpoints: 1-based index of the LAST observation of the old regime;",
    "breakdates: its time label"
  ),
  step_mean = one_case(
    "step_mean", y_mean, y ~ 1,
    "1 for 1990-2004, 2 for 2005-2020 (noise-free step, first period of the new regime 2005)"
  ),
  step_trend = one_case(
    "step_trend", y_trend, y ~ tt,
    "0.5 + 0.25 t for t = 1..15 (1990-2004), 3 + 0.125 t for t = 16..31 (2005-2020), no noise"
  )
)
writeLines(jsonify(out), "step.json", useBytes = TRUE)
invisible(jsonlite::fromJSON("step.json", simplifyVector = FALSE))
