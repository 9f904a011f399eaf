/* fuzz-catalog.c
 *
 * The .mo catalog reader (rapport-catalog.h) on arbitrary bytes. Besides
 * not crashing, leaking, reading outside the input or tripping a
 * sanitizer, it keeps these promises:
 *  - bytes it refuses give RAPPORT_ERROR_PARSE, never anything else;
 *  - what it accepts answers every lookup with valid UTF-8, or with the
 *    very msgid asked for when it has no translation;
 *  - reading is linear: strings may not share bytes, so a small file
 *    cannot make it read the same bytes over and over.
 * Every NUL-separated piece of the input is looked up, with and without
 * the part before a '\004' as context, so the keys a file really holds
 * are asked for.
 */

#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <glib.h>

#include "fuzz.h"
#include "rapport-catalog.h"
#include "rapport-error.h"

int
LLVMFuzzerInitialize (int    *argc,
                      char ***argv)
{
  /* A g_return_if_fail() reached from input is a bug. */
  g_log_set_always_fatal (G_LOG_LEVEL_CRITICAL | G_LOG_LEVEL_WARNING);
  return 0;
}

static void
check_lookup (RapportCatalog *catalog,
              const char     *msgctxt,
              const char     *msgid)
{
  const char *translation = rapport_catalog_lookup (catalog, msgctxt, msgid);

  FUZZ_CHECK (translation != NULL, "no answer for “%s”", msgid);
  if (translation != msgid)
    FUZZ_CHECK (g_utf8_validate (translation, -1, NULL) && *translation != '\0',
                "the translation of a key is empty or not UTF-8");
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autoptr(GBytes) bytes = g_bytes_new_static (data, size);
  g_autoptr(GError) error = NULL;
  g_autoptr(RapportCatalog) catalog = NULL;
  g_autofree char *text = NULL;
  guint n_pieces = 0;

  catalog = rapport_catalog_new_from_bytes (bytes, "xx", &error);
  if (catalog == NULL)
    {
      FUZZ_CHECK (g_error_matches (error, RAPPORT_ERROR, RAPPORT_ERROR_PARSE),
                  "refused with another error: %s", error != NULL ? error->message : "none");
      return 0;
    }

  FUZZ_CHECK (error == NULL, "a catalog and an error");
  FUZZ_CHECK (g_strcmp0 (rapport_catalog_get_language (catalog), "xx") == 0, "language lost");
  /* Each string takes at least its NUL, each entry 16 bytes of tables
   * that may be shared: no more strings than bytes. */
  FUZZ_CHECK (rapport_catalog_get_n_strings (catalog) <= size, "more strings than bytes");

  text = g_malloc (size + 1);
  memcpy (text, data, size);
  text[size] = '\0';

  for (const char *piece = text; piece < text + size && n_pieces < 4096; piece += strlen (piece) + 1, n_pieces++)
    {
      const char *eot;

      if (!g_utf8_validate (piece, -1, NULL))
        continue;

      check_lookup (catalog, NULL, piece);
      eot = strchr (piece, '\004');
      if (eot != NULL)
        {
          g_autofree char *context = g_strndup (piece, eot - piece);

          check_lookup (catalog, context, eot + 1);
        }
    }

  check_lookup (catalog, NULL, "");
  check_lookup (catalog, "renewal notice", "Your {product} contract ends on {end_date}");

  return 0;
}
