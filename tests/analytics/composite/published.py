"""Figures COINr 1.1.14 prints in its own documentation for the ASEM example (rounded as printed).

Sources (bluefoxr/COINr, pkgdown articles stored in the repository; the same tables appear in the CRAN 1.1.14
vignettes): docs/articles/results.html (get_results head, group ranks, get_unit_summary for IND),
docs/articles/treat.html (skew/kurt, Treat on three indicators and on the raw data set),
docs/articles/analysis.html (Cronbach's alpha of P2P, PCA of the Social and Environ groups).
"""

# unit: (rank, Index, Conn, Sust, Physical, ConEcFin, Political, Instit, P2P, Environ, Social, SusEcFin)
RESULTS_HEAD = {
    "CHE": (1, 68.38, 62.79, 73.98, 63.41, 32.87, 74.78, 85.94, 56.93, 77.21, 87.85, 56.88),
    "NLD": (2, 64.82, 61.94, 67.70, 64.87, 46.62, 84.55, 71.74, 41.92, 58.73, 86.58, 57.78),
    "DNK": (3, 64.80, 57.10, 72.51, 50.52, 30.43, 78.13, 75.35, 51.04, 69.83, 86.40, 61.29),
    "NOR": (4, 64.47, 57.44, 71.50, 58.18, 25.70, 80.03, 89.46, 33.80, 70.90, 87.00, 56.59),
    "BEL": (5, 63.54, 63.99, 63.09, 71.97, 48.22, 80.84, 75.60, 43.32, 53.01, 86.17, 50.09),
    "SWE": (6, 63.00, 53.87, 72.12, 51.51, 23.87, 80.98, 74.51, 38.50, 66.37, 87.74, 62.27),
}
RESULTS_COLUMNS = (
    "Index",
    "Conn",
    "Sust",
    "Physical",
    "ConEcFin",
    "Political",
    "Instit",
    "P2P",
    "Environ",
    "Social",
    "SusEcFin",
)

# get_results(use = "groupranks", use_group = "GDPpc_group"): ranks inside the group, and the printed row
# number (= overall rank, the table being sorted by the index).
GROUP_RANKS = {  # unit: (group, overall row, Index, Conn, Sust, Physical, ConEcFin, Political, Instit, P2P,
    #                 Environ, Social, SusEcFin)
    "CHE": ("XL", 1, 1, 2, 1, 3, 5, 8, 2, 2, 1, 1, 8),
    "NLD": ("XL", 2, 2, 3, 6, 2, 4, 2, 10, 6, 8, 4, 7),
    "DNK": ("XL", 3, 3, 6, 2, 8, 6, 6, 6, 5, 3, 5, 5),
    "NOR": ("XL", 4, 4, 5, 4, 4, 8, 4, 1, 11, 2, 3, 10),
    "SWE": ("XL", 6, 5, 10, 3, 7, 10, 3, 8, 10, 5, 2, 3),
    "AUT": ("XL", 7, 6, 7, 5, 11, 7, 5, 4, 4, 4, 9, 2),
    "BEL": ("L", 5, 1, 1, 2, 1, 2, 4, 7, 3, 10, 1, 9),
    "MLT": ("L", 10, 2, 2, 5, 3, 1, 12, 4, 1, 2, 10, 3),
    "SVN": ("L", 11, 3, 4, 1, 2, 6, 9, 6, 5, 5, 3, 2),
    "GBR": ("L", 15, 4, 3, 3, 4, 8, 5, 5, 7, 3, 2, 8),
    "CZE": ("L", 17, 5, 5, 4, 9, 5, 8, 10, 6, 12, 9, 1),
    "ESP": ("L", 19, 6, 7, 7, 7, 10, 2, 3, 9, 6, 6, 10),
}

# get_unit_summary(coin, usel = "IND", Levels = c(4, 3, 2)): code -> (score, rank)
IND_SUMMARY = {
    "Index": (39.79, 45),
    "Conn": (28.60, 44),
    "Sust": (50.99, 43),
    "Physical": (18.78, 48),
    "ConEcFin": (6.38, 49),
    "Political": (51.90, 33),
    "Instit": (59.84, 37),
    "P2P": (6.07, 47),
    "Environ": (75.34, 6),
    "Social": (22.74, 51),
    "SusEcFin": (54.88, 36),
}

# skew(x), kurt(x) of x = c(1:10, 30, 100); after Treat(x, f1 = "winsorise", f1_para = list(winmax = 2))
TOY_SKEW_KURT = (3.063241, 9.741391)
TOY_AFTER = (1.712038, 1.815781)

# Treat(coin, dset = "Raw") with defaults (winmax 5): iCode -> (pass0, skew0, kurt0, nwin, skew1, kurt1)
TREAT_RAW = {
    "LPI": (True, -0.3042681, -0.6567514, None, None, None),
    "Flights": (False, 2.1032872, 4.5088794, 1, 1.900658, 3.336065),
    "Ship": (True, -0.5756680, -0.6814795, None, None, None),
    "Bord": (False, 2.1482360, 5.7914905, 1, 1.899211, 4.346298),
    "Elec": (False, 2.2252736, 5.7910268, 1, 1.717744, 2.586062),
    "Gas": (False, 2.8294486, 10.3346494, 1, 1.602518, 1.525576),
    "ConSpeed": (True, 0.4622037, 0.1873214, None, None, None),
    "Cov4G": (True, -1.3725191, 0.5419314, None, None, None),
    "Goods": (False, 2.6499733, 8.2666095, 2, 1.140608, 0.1572047),
    "Services": (True, 1.7010849, 2.3756557, None, None, None),
}
# Treated points (1-based rows) of Treat(ASEM_iData[c("Flights", "Goods", "Services")])
TREATED_POINTS = {"Flights": (30,), "Goods": (11, 35), "Services": ()}
# winmax = 1: Goods still fails after one point (skew 2.469910, kurt 7.087309) and is log-transformed
GOODS_WINMAX1 = {"skew1": 2.469910, "kurt1": 7.087309, "skew2": 0.03104001, "kurt2": -0.8888965}

CRONBACH_P2P_RAW = 0.05126659
PCA_SOCIAL_RAW_SDEV = (2.2042, 1.1256, 0.9788, 0.78834, 0.77153, 0.56836, 0.42463, 0.36068, 0.25760)
PCA_ENVIRON_RAW_WEIGHTS = (-0.581, 0.214, -0.543, -0.313, 0.473)  # CO2, Forest, MatCon, PrimEner, Renew? (order)
