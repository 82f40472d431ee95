// Actions read their form through here. A body that is no form (JSON, plain
// text, none at all, or a multipart body the parser cannot read) is the
// client's mistake: it gets a 400 with a message, not a 500 from the
// TypeError that Request.formData() throws for it.

export const UNREADABLE_FORM_MESSAGE = "This form could not be read. Send it again from the page.";

export async function readForm(request: Request): Promise<FormData> {
  try {
    return await request.formData();
  } catch (error) {
    // An aborted request (the client left) is not the form's fault: let it through as it is.
    if (!(error instanceof TypeError)) throw error;
    throw new Response(UNREADABLE_FORM_MESSAGE, { status: 400, headers: { "Content-Type": "text/plain; charset=utf-8" } });
  }
}
