-- Published interest rates that late-payment interest is computed from (ecb_mro: the ECB
-- main refinancing operations rate) or checked against (fr_legal: the French taux d'intérêt
-- légal for creditors who are not private persons, per half-year). A rate applies from its
-- effective date until the next one of its kind. The history below ships with Relance; an
-- operator adds each new rate with PUT /admin/v1/reference-rates/{kind}/{effective_date}.
-- Sources: ECB, "Key ECB interest rates" (fixed-rate tenders, date of effect); Banque de
-- France; the French arrêtés fixing the taux de l'intérêt légal each half-year.

CREATE TABLE reference_rates (
    kind            text NOT NULL CHECK (kind IN ('ecb_mro', 'fr_legal')),
    effective_date  date NOT NULL,
    rate_bp         integer NOT NULL CHECK (rate_bp BETWEEN -10000 AND 10000),
    source          text NOT NULL DEFAULT 'shipped',
    updated_at      timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (kind, effective_date)
);

INSERT INTO reference_rates (kind, effective_date, rate_bp) VALUES
    ('ecb_mro', '2016-03-16', 0),
    ('ecb_mro', '2022-07-27', 50),
    ('ecb_mro', '2022-09-14', 125),
    ('ecb_mro', '2022-11-02', 200),
    ('ecb_mro', '2022-12-21', 250),
    ('ecb_mro', '2023-02-08', 300),
    ('ecb_mro', '2023-03-22', 350),
    ('ecb_mro', '2023-05-10', 375),
    ('ecb_mro', '2023-06-21', 400),
    ('ecb_mro', '2023-08-02', 425),
    ('ecb_mro', '2023-09-20', 450),
    ('ecb_mro', '2024-06-12', 425),
    ('ecb_mro', '2024-09-18', 365),
    ('ecb_mro', '2024-10-23', 340),
    ('ecb_mro', '2024-12-18', 315),
    ('ecb_mro', '2025-02-05', 290),
    ('ecb_mro', '2025-03-12', 265),
    ('ecb_mro', '2025-04-23', 240),
    ('ecb_mro', '2025-06-11', 215),
    ('fr_legal', '2019-01-01', 86),
    ('fr_legal', '2019-07-01', 87),
    ('fr_legal', '2020-01-01', 87),
    ('fr_legal', '2020-07-01', 84),
    ('fr_legal', '2021-01-01', 79),
    ('fr_legal', '2021-07-01', 76),
    ('fr_legal', '2022-01-01', 76),
    ('fr_legal', '2022-07-01', 77),
    ('fr_legal', '2023-01-01', 206),
    ('fr_legal', '2023-07-01', 422),
    ('fr_legal', '2024-01-01', 507),
    ('fr_legal', '2024-07-01', 492),
    ('fr_legal', '2025-01-01', 371),
    ('fr_legal', '2025-07-01', 276);
