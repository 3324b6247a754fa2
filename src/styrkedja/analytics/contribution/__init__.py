"""'How would the region have developed without us?': synthetic control and difference-in-differences.

Pure Python (numpy, scipy, statsmodels); no Django. Modules:

* `panel`: the units x years data and the design checks (too few donors or pre-years, start year
  outside the data, missing values) that raise `ContributionInputError`;
* `simplex`: the inner least-squares problem on the simplex;
* `synthetic_control`: classic ADH with predictors and the outcome-only variant;
* `placebo`: in-space (p-value), in-time and leave-one-out;
* `checks`: warnings (poor pre-fit, outside the donors' range, short pre-period);
* `did`, `did_regression`: the 2x2 estimate, regression with covariates and clustered SEs, event study.
"""
