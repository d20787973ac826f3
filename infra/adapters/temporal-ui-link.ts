/** The Temporal Web UI page of one workflow, when the UI's address is known. */
export function temporalUiLink(
  uiUrl: string | undefined,
  namespace: string,
  workflowId: string | null | undefined,
): string | null {
  if (!uiUrl || !workflowId) return null;
  return `${uiUrl.replace(/\/$/, '')}/namespaces/${encodeURIComponent(namespace)}/workflows/${encodeURIComponent(workflowId)}`;
}
