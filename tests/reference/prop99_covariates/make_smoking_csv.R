# Writes smoking.csv from tidysynth's data/smoking.rda (see README.md for the source).
# Run from this directory:   Rscript make_smoking_csv.R path/to/smoking.rda
args <- commandArgs(trailingOnly = TRUE)
load(args[1])
d <- as.data.frame(smoking)
d <- d[order(d$state, d$year), c("state", "year", "cigsale", "lnincome", "beer", "age15to24", "retprice")]
# 17 significant digits: the CSV reproduces the .rda's doubles exactly
fmt <- function(x) ifelse(is.na(x), "", sprintf("%.17g", x))
out <- data.frame(state = d$state, year = sprintf("%d", as.integer(d$year)),
                  lapply(d[, 3:7], fmt), check.names = FALSE)
write.csv(out, "smoking.csv", row.names = FALSE, quote = FALSE)
