// Any other address under /api/: a JSON 404, not the site's HTML page.
import { ApiError, apiErrorResponse } from "~/modules/api/api-error";

const answer = () => apiErrorResponse(new ApiError(404, "not_found", "There is no API operation at this address. The reference is at /api/docs."));
export const loader = answer;
export const action = answer;
