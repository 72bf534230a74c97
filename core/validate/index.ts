// The network-driver validator: the only source of diagnostics for the editor, the
// `POST /validate/network-driver` route and `paddock lint`.
export { validateNetworkDriver } from './validate.ts'
export { DIAGNOSTIC_CODES, type DiagnosticCode } from './codes.ts'
