#!/usr/bin/env Rscript
# Regenerates tests/unit/fixtures/r/farrington.json: R's surveillance::farringtonFlexible
# run on fixed monthly series with fixed options; tests/unit/farrington.test.ts checks the
# TypeScript port (src/lib/stats/farrington.ts) against it to 1e-6 relative.
# Needs R with the surveillance package (Debian: apt-get install r-cran-surveillance).
# Run from the repository root: Rscript scripts/r/farrington-fixtures.R
suppressPackageStartupMessages({
  library(surveillance)
  library(jsonlite)
})

set.seed(20131206)
months <- 72
t <- seq_len(months)
season <- function(amp, peak) exp(amp * cos(2 * pi * (t - peak) / 12))
nb <- function(mu, size) rnbinom(length(mu), size = size, mu = mu)

series <- list(
  # summer-peaking component, overdispersed, with a x3 rise in months 63-64
  summer = local({ mu <- 6 * season(0.7, 7); mu[63:64] <- 3 * mu[63:64]; nb(mu, 5) }),
  # winter-peaking, upward trend, a rise in month 70
  winter_trend = local({ mu <- 4 * season(0.6, 1) * exp(0.012 * t); mu[70] <- 3 * mu[70]; nb(mu, 8) }),
  # low counts with many zeros
  sparse = nb(rep(0.8, months), 2),
  # large counts, nearly Poisson, with an outbreak in months 50-52
  large = local({ mu <- 40 * season(0.3, 8); mu[50:52] <- 2 * mu[50:52]; nb(mu, 200) }),
  # a past outbreak inside the baseline (months 40-42) that reweighting must discount
  past_outbreak = local({ mu <- 10 * season(0.4, 6); mu[40:42] <- 4 * mu[40:42]; mu[66] <- 3 * mu[66]; nb(mu, 10) })
)
# units in service for the population-offset configuration
population <- round(1000 * (1 + 0.03 * t))

configs <- list(
  list(name = "farrington1996", control = list(b = 3, w = 2, noPeriods = 1, reweight = TRUE, weightsThreshold = 1,
       alpha = 0.01, trend = TRUE, powertrans = "2/3", thresholdMethod = "delta", limit54 = c(5, 4))),
  list(name = "noufaily_nbPlugin", control = list(b = 3, w = 1, noPeriods = 4, reweight = TRUE, weightsThreshold = 2.58,
       alpha = 0.01, trend = TRUE, pastWeeksNotIncluded = 6, thresholdMethod = "nbPlugin", limit54 = c(0, 4))),
  list(name = "noufaily_muan", control = list(b = 3, w = 2, noPeriods = 3, reweight = TRUE, weightsThreshold = 2.58,
       alpha = 0.005, trend = TRUE, pastWeeksNotIncluded = 4, thresholdMethod = "muan", limit54 = c(3, 2))),
  list(name = "b2w1_delta", control = list(b = 2, w = 1, noPeriods = 1, alpha = 0.001, thresholdMethod = "delta")),
  list(name = "b2w1_nbPlugin_population", control = list(b = 2, w = 1, noPeriods = 3, alpha = 0.01, thresholdMethod = "nbPlugin",
       populationOffset = TRUE, limit54 = c(0, 4)))
)

num <- function(x) ifelse(is.na(x), NA, x)
out <- list(generated_by = "scripts/r/farrington-fixtures.R",
            r_version = R.version.string,
            surveillance_version = as.character(packageVersion("surveillance")),
            population = population, series = series, runs = list())
for (cfg in configs) {
  for (s in names(series)) {
    y <- series[[s]]
    st <- sts(observed = matrix(y, ncol = 1), frequency = 12, start = c(2019, 1), population = matrix(population, ncol = 1))
    ctrl <- cfg$control
    ctrl$glmWarnings <- FALSE
    first <- 12 * ctrl$b + ctrl$w + 1
    ctrl$range <- first:months
    res <- farringtonFlexible(st, control = ctrl)
    out$runs[[length(out$runs) + 1]] <- list(
      config = cfg$name, options = cfg$control, series = s, range = ctrl$range,
      upperbound = num(as.vector(upperbound(res))), alarm = as.vector(alarms(res)),
      expected = num(as.vector(res@control$expected)), pvalue = num(as.vector(res@control$pvalue)),
      score = num(as.vector(res@control$score)), phi = num(as.vector(res@control$phiVector)),
      trend = as.vector(res@control$trend) == 1)
  }
}
writeLines(toJSON(out, digits = I(17), auto_unbox = TRUE, na = "null", pretty = FALSE), "tests/unit/fixtures/r/farrington.json")
cat("wrote tests/unit/fixtures/r/farrington.json:", length(out$runs), "runs\n")
