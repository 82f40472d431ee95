import { getFormProps, getInputProps, useForm } from "@conform-to/react";
import { getZodConstraint, parseWithZod } from "@conform-to/zod";
import { useFetcher } from "@remix-run/react";
import { Field } from "~/components/forms";
import { Panel } from "~/components/panel";
import { ConfirmDialog } from "~/components/ui/alert-dialog";
import { Button } from "~/components/ui/button";
import { DeleteAccountFormSchema } from "~/modules/auth/validation";
import type { action as deleteAccountAction } from "~/routes/account.delete";

const FORM_ID = "delete-account-form";

/** The Account page's last section: delete the account, after the password confirms it. */
export function DeleteAccountSection() {
  // A fetcher keeps the dialog open with the field's error; success redirects the whole page.
  const fetcher = useFetcher<typeof deleteAccountAction>();
  const busy = fetcher.state !== "idle";
  const [form, fields] = useForm({
    id: FORM_ID,
    constraint: getZodConstraint(DeleteAccountFormSchema),
    lastResult: busy ? undefined : fetcher.data?.result,
    shouldValidate: "onSubmit",
    shouldRevalidate: "onInput",
    onValidate: ({ formData }) => parseWithZod(formData, { schema: DeleteAccountFormSchema }),
  });
  return (
    <Panel title="Delete account" titleId="delete-account-heading" tone="danger" className="h-fit">
      <p className="mt-1 text-sm text-zinc-400">
        Removes your portraits, every generation and thumbnail, your credits and their history. This cannot be undone.
      </p>
      <ConfirmDialog
        trigger={
          <Button variant="danger" className="mt-4">
            Delete my account…
          </Button>
        }
        title="Delete your account?"
        description="Everything goes: portraits, generations, thumbnails and credits. Enter your password to confirm."
        action={
          <Button type="submit" form={FORM_ID} variant="danger" disabled={busy}>
            {busy ? "Deleting…" : "Delete everything"}
          </Button>
        }
      >
        <fetcher.Form method="post" action="/account/delete" className="mt-4" {...getFormProps(form)}>
          <Field
            labelProps={{ children: "Password" }}
            inputProps={{ ...getInputProps(fields.password, { type: "password" }), autoComplete: "current-password", autoFocus: true }}
            errors={fields.password.errors}
          />
        </fetcher.Form>
      </ConfirmDialog>
    </Panel>
  );
}
