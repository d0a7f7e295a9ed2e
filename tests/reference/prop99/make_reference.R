# Outcome-only synthetic control for California (Proposition 99) by quadratic programming.
# Run from this directory:   Rscript make_reference.R
# Requires R (4.2.2 was used) and quadprog. Reads california_prop99.csv (see SOURCE.md),
# writes prop99_reference.json. Deterministic.
suppressPackageStartupMessages(library(quadprog))

d <- read.csv("california_prop99.csv", sep = ";")
wide <- reshape(d[, c("State", "Year", "PacksPerCapita")], idvar = "Year",
                timevar = "State", direction = "wide")
wide <- wide[order(wide$Year), ]
colnames(wide) <- sub("^PacksPerCapita\\.", "", colnames(wide))
years <- wide$Year
y <- wide[["California"]]
donors <- setdiff(colnames(wide), c("Year", "California"))
donors <- sort(donors)
C <- as.matrix(wide[, donors])
pre <- years < 1989

# min ||y - C w||^2 over the pre-period, w >= 0, sum(w) = 1; solve.QP minimises
# 1/2 w'Dw - d'w, with D = 2 C'C (a tiny ridge keeps D positive definite; 1e-8 of its
# mean diagonal moves the weights by less than 1e-6).
D <- 2 * crossprod(C[pre, ])
D <- D + diag(1e-8 * mean(diag(D)), ncol(D))
dv <- 2 * crossprod(C[pre, ], y[pre])
A <- cbind(rep(1, ncol(C)), diag(ncol(C)))
b <- c(1, rep(0, ncol(C)))
sol <- solve.QP(D, dv, A, b, meq = 1)
w <- pmax(sol$solution, 0)
w <- w / sum(w)
synth <- as.numeric(C %*% w)
gap <- y - synth

num <- function(x) ifelse(is.finite(x), sprintf("%.17g", x), "null")
vec <- function(x) paste0("[", paste(num(x), collapse = ", "), "]")
str <- function(x) paste0("[", paste0("\"", x, "\"", collapse = ", "), "]")
json <- paste0(
  "{\n",
  "  \"method\": \"quadprog::solve.QP, outcome-only synthetic control, pre-period 1970-1988\",\n",
  "  \"versions\": {\"R\": \"", R.version.string, "\", \"quadprog\": \"",
  as.character(packageVersion("quadprog")), "\"},\n",
  "  \"donors\": ", str(donors), ",\n",
  "  \"weights\": ", vec(w), ",\n",
  "  \"years\": ", vec(years), ",\n",
  "  \"synthetic\": ", vec(synth), ",\n",
  "  \"gap\": ", vec(gap), ",\n",
  "  \"rmspe_pre\": ", num(sqrt(mean(gap[pre]^2))), ",\n",
  "  \"gap_2000\": ", num(gap[years == 2000]), "\n",
  "}\n"
)
writeLines(json, "prop99_reference.json")
cat("gap 2000:", gap[years == 2000], "\n")
print(round(setNames(w, donors)[w > 1e-4], 4))
