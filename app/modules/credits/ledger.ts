// Why a balance changed. Stored as strings; shared with the UI for labels.
export const LEDGER_REASONS = {
  signupGrant: "signup_grant",
  adminGrant: "admin_grant",
  generationDebit: "generation_debit",
  generationRefund: "generation_refund",
} as const;

export type LedgerReason = (typeof LEDGER_REASONS)[keyof typeof LEDGER_REASONS];

const labels: Record<LedgerReason, string> = {
  signup_grant: "Welcome credits",
  admin_grant: "Credits added by the administrator",
  generation_debit: "Generation",
  generation_refund: "Refund for a failed generation",
};

export function ledgerReasonLabel(reason: string) {
  return labels[reason as LedgerReason] ?? reason;
}
