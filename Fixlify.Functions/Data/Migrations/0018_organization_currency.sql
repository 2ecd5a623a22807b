-- organizations.currency_code: the currency (ISO 4217) money is written in to clients, e.g. 'USD' → $1,250.00, with the
-- Liquid filter `currency` (a template's `{{ invoice.total | currency }}`); the organization's country_code decides how
-- the amount is written (EUR in DE: 1.250,00 €).
ALTER TABLE organizations
    ADD COLUMN currency_code char(3) NOT NULL DEFAULT 'USD' CHECK (currency_code ~ '^[A-Z]{3}$');
