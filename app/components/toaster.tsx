import { useEffect } from "react";
import { toast as showToast } from "sonner";
import type { Toast } from "~/utils/toast.server";

/** Shows the toast an action left for this page (see toast.server.ts). The id makes it appear once per action. */
export function useToast(toast: Toast | null | undefined) {
  useEffect(() => {
    if (!toast) return;
    // After this render, so the Toaster is mounted and listening.
    const timeout = setTimeout(() => {
      showToast[toast.type](toast.title, { id: toast.id, description: toast.description });
    }, 0);
    return () => clearTimeout(timeout);
  }, [toast]);
}
