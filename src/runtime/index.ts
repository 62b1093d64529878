// The runtime's public surface: what a gateway imports. Nothing here pulls in
// the compiler.

export { createEnforcer, Enforcer, EnforcerError, type Decision, type EnforcerOptions, type EnforcerStatus, type RefusalDetails } from './enforcer.js';
export { AuditLog, MemoryLineWriter, canonicalJson, type AuditEntry, type AuditLogOptions, type AuditSink, type DecisionRecord, type LineWriter } from './audit.js';
export { createFileAuditLog, JsonlFileWriter } from './audit-file-sink.js';
export { verifyAuditLog, type AuditProblem, type AuditVerifyReport } from './audit-verify.js';
export { BundleWatcher, type PollOutcome, type ReloadFailure, type ReloadInfo, type WatchOptions } from './watch.js';
export { compileInputSchema, type InputValidator } from './schema.js';
export { createHostBuiltins } from './host-builtins.js';
