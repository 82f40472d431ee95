// The editor's refusals (EditError) in the API's terms: one about a field is
// a 400 naming it; one about the thumbnail itself (its text was drawn by an
// image model, or saves raced) cannot be fixed by changing the request: 422.
import { EditError } from "~/modules/thumbnails/versions.server";
import { ApiError } from "./api-error";

export function editErrorToApi(error: unknown, field?: string): never {
  if (!(error instanceof EditError)) throw error;
  const named = error.field ?? field;
  if (named) throw new ApiError(400, "invalid_field", error.message, named);
  throw new ApiError(422, "unprocessable", error.message);
}
