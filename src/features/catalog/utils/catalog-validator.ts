/**
 * The core code the catalog screens run in the browser: the import check (which file is which,
 * `.catalog`, config.yml, the validator) and the network-driver validator itself. Loaded with a
 * dynamic import only (see use-catalog-validator.ts), so the `yaml` parser and the validator stay
 * out of the main chunk — the same code the server runs for `POST /catalog`.
 */
export { checkCatalogImport, type CatalogImportCheck } from '../../../../core/catalog/import.ts'
export { validateNetworkDriver } from '../../../../core/validate/index.ts'
