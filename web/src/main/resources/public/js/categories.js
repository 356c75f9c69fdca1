// The facility categories (GET /api/categories), asked once per page: the map's question, its
// legend, the import form's default category and the life circles all read the same list, which
// only a migration changes.
import { getJson } from './api.js';

let asked = null;

/** The categories, from one request shared by every caller; after a failure the next call asks again. */
export function loadCategories() {
  if (!asked) {
    asked = getJson('api/categories').catch(e => {
      asked = null;
      throw e;
    });
  }
  return asked;
}
