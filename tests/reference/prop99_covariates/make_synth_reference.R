# Synthetic control with covariate predictors for California's Proposition 99 (Abadie,
# Diamond & Hainmueller 2010) by R's Synth package, and its placebo-in-space runs.
# Run from this directory:   Rscript make_synth_reference.R
# Requires Synth (1.1-8 was used; it needs kernlab, optimx and rgenoud). Reads smoking.csv
# (see README.md), writes synth_reference.json. Deterministic (no genoud).
suppressPackageStartupMessages(library(Synth))

d <- read.csv("smoking.csv")
states <- sort(unique(d$state))
d$id <- match(d$state, states)
d <- d[order(d$id, d$year), ]

# the paper's specification (Table 1): ln income, retail price and the share aged 15-24
# averaged over 1980-1988; beer consumption averaged over 1984-1988; cigarette sales in
# 1975, 1980 and 1988. Donor weights are chosen to fit the 1970-1988 sales (V by Synth's
# nested optimisation: Nelder-Mead and BFGS from equal and regression-based starting values).
prep <- function(treated, controls) {
  dataprep(
    foo = d,
    predictors = c("lnincome", "retprice", "age15to24"),
    predictors.op = "mean",
    time.predictors.prior = 1980:1988,
    special.predictors = list(
      list("beer", 1984:1988, "mean"),
      list("cigsale", 1975, "mean"),
      list("cigsale", 1980, "mean"),
      list("cigsale", 1988, "mean")
    ),
    dependent = "cigsale",
    unit.variable = "id",
    unit.names.variable = "state",
    time.variable = "year",
    treatment.identifier = treated,
    controls.identifier = controls,
    time.optimize.ssr = 1970:1988,
    time.plot = 1970:2000
  )
}

run <- function(treated_name) {
  t_id <- match(treated_name, states)
  # the placebo runs move California into the donor pool, as in the paper
  c_ids <- setdiff(seq_along(states), t_id)
  p <- prep(t_id, c_ids)
  s <- invisible(capture.output(out <- synth(data.prep.obj = p)))
  w <- as.numeric(out$solution.w)
  synth_path <- as.numeric(p$Y0plot %*% w)
  gap <- as.numeric(p$Y1plot) - synth_path
  years <- as.numeric(rownames(p$Y1plot))
  pre <- years <= 1988
  list(
    name = treated_name,
    donors = states[c_ids],
    w = w,
    v = as.numeric(out$solution.v),
    loss_v = as.numeric(out$loss.v),
    loss_w = as.numeric(out$loss.w),
    X1 = as.numeric(p$X1),
    X0w = as.numeric(p$X0 %*% w),
    predictors = rownames(p$X1),
    years = years,
    synthetic = synth_path,
    gap = gap,
    mspe_pre = mean(gap[pre]^2),
    mspe_post = mean(gap[!pre]^2)
  )
}

num <- function(x) ifelse(is.finite(x), sprintf("%.17g", x), "null")
vec <- function(x) paste0("[", paste(num(x), collapse = ", "), "]")
str <- function(x) paste0("[", paste0("\"", x, "\"", collapse = ", "), "]")

ca <- run("California")
others <- setdiff(states, "California")
placebos <- lapply(others, run)

ratio <- function(r) sqrt(r$mspe_post / r$mspe_pre)
ratios <- sapply(placebos, ratio)
pre_mspe <- sapply(placebos, function(r) r$mspe_pre)
pval <- function(k) {
  keep <- if (is.finite(k)) pre_mspe <= k * ca$mspe_pre else rep(TRUE, length(ratios))
  c(n = sum(keep), p = (1 + sum(ratios[keep] >= ratio(ca))) / (1 + sum(keep)))
}
ps <- lapply(c(Inf, 20, 5, 2), pval)

placebo_json <- paste0(sapply(placebos, function(r) paste0(
  "    {\"unit\": \"", r$name, "\", \"mspe_pre\": ", num(r$mspe_pre),
  ", \"mspe_post\": ", num(r$mspe_post), ", \"rmspe_ratio\": ", num(ratio(r)),
  ", \"loss_v\": ", num(r$loss_v), ",\n     \"donors\": ", str(r$donors),
  ",\n     \"v\": ", vec(r$v), ",\n     \"weights\": ", vec(r$w), "}")),
  collapse = ",\n")
pv_json <- paste0(mapply(function(k, v) paste0(
  "    \"", k, "\": {\"n_placebos\": ", v[["n"]], ", \"pvalue\": ", num(v[["p"]]), "}"),
  c("all", "x20", "x5", "x2"), ps), collapse = ",\n")

json <- paste0(
  "{\n",
  "  \"method\": \"Synth::synth (ipop inner QP; V by optimx Nelder-Mead and BFGS from equal ",
  "and regression-based starts), predictors as in Abadie, Diamond & Hainmueller (2010) Table 1\",\n",
  "  \"versions\": {\"R\": \"", R.version.string, "\", \"Synth\": \"",
  as.character(packageVersion("Synth")), "\", \"kernlab\": \"",
  as.character(packageVersion("kernlab")), "\", \"optimx\": \"",
  as.character(packageVersion("optimx")), "\"},\n",
  "  \"donors\": ", str(ca$donors), ",\n",
  "  \"weights\": ", vec(ca$w), ",\n",
  "  \"predictors\": ", str(ca$predictors), ",\n",
  "  \"v\": ", vec(ca$v), ",\n",
  "  \"loss_v\": ", num(ca$loss_v), ",\n",
  "  \"loss_w\": ", num(ca$loss_w), ",\n",
  "  \"X1\": ", vec(ca$X1), ",\n",
  "  \"X0w\": ", vec(ca$X0w), ",\n",
  "  \"years\": ", vec(ca$years), ",\n",
  "  \"synthetic\": ", vec(ca$synthetic), ",\n",
  "  \"gap\": ", vec(ca$gap), ",\n",
  "  \"mspe_pre\": ", num(ca$mspe_pre), ",\n",
  "  \"rmspe_ratio\": ", num(ratio(ca)), ",\n",
  "  \"placebos\": [\n", placebo_json, "\n  ],\n",
  "  \"pvalues\": {\n", pv_json, "\n  }\n",
  "}\n"
)
writeLines(json, "synth_reference.json")
cat("weights > 0.001:\n")
print(round(setNames(ca$w, ca$donors)[ca$w > 0.001], 4))
cat("gap 2000:", ca$gap[ca$years == 2000], " ratio:", ratio(ca), "\n")
print(ps)
