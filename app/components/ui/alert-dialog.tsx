import * as AlertDialogPrimitive from "@radix-ui/react-alert-dialog";
import type { ReactNode } from "react";
import { Button } from "./button";

/**
 * Asks before something that cannot be undone. `action` is the confirming
 * control (usually a submit button inside a form).
 */
export function ConfirmDialog({
  trigger,
  title,
  description,
  action,
  cancelLabel = "Cancel",
  children,
}: {
  trigger: ReactNode;
  title: string;
  description: ReactNode;
  action: ReactNode;
  cancelLabel?: string;
  /** What the confirmation needs besides a click (a password field), between the description and the buttons. */
  children?: ReactNode;
}) {
  return (
    <AlertDialogPrimitive.Root>
      <AlertDialogPrimitive.Trigger asChild>{trigger}</AlertDialogPrimitive.Trigger>
      <AlertDialogPrimitive.Portal>
        <AlertDialogPrimitive.Overlay className="fixed inset-0 z-50 bg-black/70 backdrop-blur-sm" />
        <AlertDialogPrimitive.Content className="fixed left-1/2 top-1/2 z-50 w-[min(92vw,28rem)] -translate-x-1/2 -translate-y-1/2 rounded-2xl bg-ink-900 p-6 shadow-2xl ring-1 ring-white/10">
          <AlertDialogPrimitive.Title className="text-lg font-bold">{title}</AlertDialogPrimitive.Title>
          <AlertDialogPrimitive.Description className="mt-2 text-sm text-zinc-400">
            {description}
          </AlertDialogPrimitive.Description>
          {children}
          <div className="mt-6 flex justify-end gap-3">
            <AlertDialogPrimitive.Cancel asChild>
              <Button variant="secondary">{cancelLabel}</Button>
            </AlertDialogPrimitive.Cancel>
            {action}
          </div>
        </AlertDialogPrimitive.Content>
      </AlertDialogPrimitive.Portal>
    </AlertDialogPrimitive.Root>
  );
}
