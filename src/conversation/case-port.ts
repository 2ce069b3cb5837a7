// Moved to src/contracts/cases.ts (shared by every layer); kept while callers move over.
export * from '../contracts/cases.ts';
