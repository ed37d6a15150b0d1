// The inputs of the API's forms, for the procedures that validate them and for the web app's
// forms, which check the same rules (and show the same messages) before sending anything.
// zod alone: nothing here may import server code.
export { requiredText, optionalText } from "./text.ts";
export { registerInput, loginInput, updateUserInput } from "./users.ts";
export {
  verifyEmailInput,
  requestPasswordResetInput,
  resetPasswordInput,
  reauthenticateInput,
  changeEmailInput,
  changePasswordInput,
  secondFactorInput,
  totpCodeInput,
  passkeyNameInput,
} from "./accounts.ts";
export { articleSlug, createArticleInput, updateArticleInput, addCommentInput } from "./articles.ts";
export { zodFieldErrors, inputErrors, type FieldErrors } from "./field-errors.ts";
