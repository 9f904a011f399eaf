/* rapport-catalog.c
 *
 * The .mo format (GNU gettext manual, "The Format of GNU MO Files"): a
 * header of seven 32-bit words (magic 0x950412de in the writer's byte
 * order, revision, number of strings N, offset of the table of original
 * strings, offset of the table of translations, size and offset of a hash
 * table), then two tables of N (length, offset) pairs. Each string is
 * followed by a NUL not counted in its length; a msgctxt is joined to its
 * msgid by '\004', plural forms are separated by NULs.
 *
 * Rather than trust the file's order or its hash table, loading indexes
 * the strings in a GHashTable; nothing is read before it is checked to
 * lie inside the file, and the strings' lengths may add up to no more
 * than the file's size (as they do when no two share bytes), so reading
 * is linear in it.
 *
 * The language tag may come from anywhere (a CSV file, a server's card):
 * a path is only ever built from the parts ICU finds in a well-formed,
 * bounded tag, each checked to be ASCII letters and digits.
 */

#define G_LOG_DOMAIN "rapport-catalog"

#include "config.h"

#include <errno.h>
#include <string.h>

#include <glib/gi18n.h>

#include <unicode/uloc.h>

#include "rapport-catalog.h"
#include "rapport-error.h"
#include "rapport-validate.h"

#define MO_MAGIC         0x950412deu
#define MO_MAGIC_SWAPPED 0xde120495u
#define MO_HEADER_SIZE   28

struct _RapportCatalog
{
  char       *language;
  char       *data;          /* the whole file */
  gsize       size;
  GHashTable *strings;       /* msgid (with context) -> translation, both into data */
};

static guint32
read_word (const char *data,
           gsize       offset,
           gboolean    swapped)
{
  guint32 word;

  memcpy (&word, data + offset, sizeof word);
  return swapped ? GUINT32_SWAP_LE_BE (word) : word;
}

/* Entry @index of the table at @table: a string inside the file, NUL
 * terminated right after its length, valid UTF-8. */
static const char *
read_string (RapportCatalog *self,
             guint32         table,
             guint32         index,
             gboolean        swapped,
             guint32        *length_out)
{
  guint64 entry = (guint64) table + (guint64) index * 8;
  guint32 length = read_word (self->data, entry, swapped);
  guint32 offset = read_word (self->data, entry + 4, swapped);
  const char *text;

  if ((guint64) offset + length >= self->size)
    return NULL;

  text = self->data + offset;
  if (text[length] != '\0')
    return NULL;

  /* Plural forms are NUL-separated: each must be UTF-8. */
  for (const char *part = text; part < text + length; part += strlen (part) + 1)
    if (!g_utf8_validate (part, -1, NULL))
      return NULL;

  *length_out = length;
  return text;
}

static gboolean
parse (RapportCatalog  *self,
       const char      *path,
       GError         **error)
{
  guint32 magic, revision, n_strings, originals, translations;
  guint64 total = 0;
  gboolean swapped;

  if (self->size < MO_HEADER_SIZE)
    goto corrupt;

  memcpy (&magic, self->data, sizeof magic);
  if (magic != MO_MAGIC && magic != MO_MAGIC_SWAPPED)
    goto corrupt;
  swapped = magic == MO_MAGIC_SWAPPED;

  revision = read_word (self->data, 4, swapped);
  n_strings = read_word (self->data, 8, swapped);
  originals = read_word (self->data, 12, swapped);
  translations = read_word (self->data, 16, swapped);

  /* Major revisions 0 and 1 share this layout; a newer one may not. */
  if ((revision >> 16) > 1 ||
      (guint64) originals + (guint64) n_strings * 8 > self->size ||
      (guint64) translations + (guint64) n_strings * 8 > self->size)
    goto corrupt;

  for (guint32 i = 0; i < n_strings; i++)
    {
      guint32 original_length, translation_length;
      const char *original = read_string (self, originals, i, swapped, &original_length);
      const char *translation = read_string (self, translations, i, swapped, &translation_length);

      if (original == NULL || translation == NULL)
        goto corrupt;

      /* Strings that share bytes would let a small file make the loop
       * above read the same bytes again and again. */
      total += (guint64) original_length + translation_length + 2;
      if (total > self->size)
        goto corrupt;

      /* An empty translation is no translation, nor is a plural entry
       * whose first form is empty: lookups answer with that first form.
       * The key stops at the first NUL: the singular of a plural entry. */
      if (translation[0] != '\0')
        g_hash_table_insert (self->strings, (gpointer) original, (gpointer) translation);
    }

  return TRUE;

corrupt:
  g_set_error (error, RAPPORT_ERROR, RAPPORT_ERROR_PARSE,
               _("The translation catalog “%s” is damaged"), path);
  return FALSE;
}

/* Whether @part is one to eight ASCII letters and digits: a part of a
 * folder name. */
static gboolean
is_name_part (const char *part)
{
  gsize length = strlen (part);

  if (length == 0 || length > 8)
    return FALSE;
  for (gsize i = 0; i < length; i++)
    if (!g_ascii_isalnum (part[i]))
      return FALSE;
  return TRUE;
}

/* The folder names to try for @language_tag, most specific first: for
 * "zh-Hant-TW" "zh_Hant_TW", "zh_TW", "zh"; for "de-CH-1996" "de_CH_1996",
 * "de_CH", "de". Extensions and private use play no part. NULL when the
 * tag is not well-formed (as ICU and rapport_language_tag_normalize() see
 * it) or names no language. */
static GPtrArray *
candidate_names (const char *language_tag)
{
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *tag = NULL;
  g_auto(GStrv) variants = NULL;
  g_autoptr(GString) full = NULL;
  char locale[ULOC_FULLNAME_CAPACITY];
  char language[ULOC_LANG_CAPACITY];
  char script[ULOC_SCRIPT_CAPACITY];
  char country[ULOC_COUNTRY_CAPACITY];
  char variant[ULOC_FULLNAME_CAPACITY];
  UErrorCode status = U_ZERO_ERROR;
  int32_t parsed = 0;

  /* Bounded (64 characters) and well-formed before ICU sees it. */
  tag = rapport_language_tag_normalize (language_tag, "language", NULL);
  if (tag == NULL)
    return NULL;

  uloc_forLanguageTag (tag, locale, sizeof locale, &parsed, &status);
  if (U_FAILURE (status) || status == U_STRING_NOT_TERMINATED_WARNING ||
      parsed != (int32_t) strlen (tag))
    return NULL;

  uloc_getLanguage (locale, language, sizeof language, &status);
  uloc_getScript (locale, script, sizeof script, &status);
  uloc_getCountry (locale, country, sizeof country, &status);
  uloc_getVariant (locale, variant, sizeof variant, &status);
  if (U_FAILURE (status) || status == U_STRING_NOT_TERMINATED_WARNING ||
      !is_name_part (language) ||
      (*script != '\0' && !is_name_part (script)) ||
      (*country != '\0' && !is_name_part (country)))
    return NULL;

  full = g_string_new (language);
  if (*script != '\0')
    g_string_append_printf (full, "_%s", script);
  if (*country != '\0')
    g_string_append_printf (full, "_%s", country);

  /* ICU writes variants upper case ("1994_ROZAJ"); BCP 47 lower. */
  variants = g_strsplit (variant, "_", -1);
  for (guint i = 0; *variant != '\0' && variants[i] != NULL; i++)
    {
      if (!is_name_part (variants[i]))
        return NULL;
      g_string_append_c (full, '_');
      for (const char *p = variants[i]; *p != '\0'; p++)
        g_string_append_c (full, g_ascii_tolower (*p));
    }

  g_ptr_array_add (names, g_string_free (g_steal_pointer (&full), FALSE));

  if (*country != '\0')
    {
      char *language_country = g_strdup_printf ("%s_%s", language, country);

      if (!g_str_equal (language_country, g_ptr_array_index (names, 0)))
        g_ptr_array_add (names, language_country);
      else
        g_free (language_country);
    }

  if (!g_str_equal (language, g_ptr_array_index (names, 0)))
    g_ptr_array_add (names, g_strdup (language));

  return g_steal_pointer (&names);
}

/* @tag as a message shows it: valid UTF-8, cut after 64 characters. */
static char *
shown_tag (const char *tag)
{
  gsize n_bytes = strnlen (tag, 257);
  g_autofree char *valid = g_utf8_make_valid (tag, n_bytes);

  if (g_utf8_strlen (valid, -1) <= 64 && tag[n_bytes] == '\0')
    return g_steal_pointer (&valid);

  *g_utf8_offset_to_pointer (valid, MIN (g_utf8_strlen (valid, -1), 64)) = '\0';
  return g_strconcat (valid, "…", NULL);
}

/* Takes @data. */
static RapportCatalog *
catalog_new (const char  *language,
             char        *data,
             gsize        size,
             const char  *shown_as,
             GError     **error)
{
  g_autoptr(RapportCatalog) self = g_new0 (RapportCatalog, 1);

  self->language = g_strdup (language);
  self->data = data;
  self->size = size;
  self->strings = g_hash_table_new (g_str_hash, g_str_equal);

  if (!parse (self, shown_as, error))
    return NULL;

  return g_steal_pointer (&self);
}

RapportCatalog *
rapport_catalog_new_from_bytes (GBytes      *bytes,
                                const char  *language,
                                GError     **error)
{
  gsize size = 0;
  gconstpointer data;

  g_return_val_if_fail (bytes != NULL, NULL);
  g_return_val_if_fail (language != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  data = g_bytes_get_data (bytes, &size);

  return catalog_new (language, g_memdup2 (data, size), size, language, error);
}

RapportCatalog *
rapport_catalog_load (const char  *domain,
                      const char  *language_tag,
                      const char  *localedir,
                      GError     **error)
{
  g_autoptr(GPtrArray) names = NULL;
  g_autofree char *file_name = NULL;

  g_return_val_if_fail (domain != NULL && *domain != '\0', NULL);
  g_return_val_if_fail (localedir != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (language_tag != NULL)
    names = candidate_names (language_tag);
  if (names == NULL)
    {
      g_autofree char *shown = shown_tag (language_tag != NULL ? language_tag : "");

      g_set_error (error, RAPPORT_ERROR, RAPPORT_ERROR_NOT_FOUND,
                   _("There is no translation catalog for “%s”"), shown);
      return NULL;
    }

  file_name = g_strconcat (domain, ".mo", NULL);

  for (guint i = 0; i < names->len; i++)
    {
      const char *name = g_ptr_array_index (names, i);
      g_autofree char *path = g_build_filename (localedir, name, "LC_MESSAGES", file_name, NULL);
      g_autoptr(GError) local_error = NULL;
      char *data = NULL;
      gsize size = 0;

      if (!g_file_get_contents (path, &data, &size, &local_error))
        {
          if (g_error_matches (local_error, G_FILE_ERROR, G_FILE_ERROR_NOENT) ||
              g_error_matches (local_error, G_FILE_ERROR, G_FILE_ERROR_NOTDIR))
            continue;

          g_propagate_error (error, g_steal_pointer (&local_error));
          return NULL;
        }

      return catalog_new (name, data, size, path, error);
    }

  g_set_error (error, RAPPORT_ERROR, RAPPORT_ERROR_NOT_FOUND,
               _("There is no translation catalog for “%s”"), language_tag);
  return NULL;
}

const char *
rapport_catalog_lookup (RapportCatalog *self,
                        const char     *msgctxt,
                        const char     *msgid)
{
  g_autofree char *key = NULL;
  const char *translation;

  g_return_val_if_fail (self != NULL, msgid);
  g_return_val_if_fail (msgid != NULL, NULL);

  if (msgctxt != NULL)
    key = g_strconcat (msgctxt, "\004", msgid, NULL);

  translation = g_hash_table_lookup (self->strings, key != NULL ? key : msgid);

  return translation != NULL ? translation : msgid;
}

const char *
rapport_catalog_get_language (RapportCatalog *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return self->language;
}

guint
rapport_catalog_get_n_strings (RapportCatalog *self)
{
  g_return_val_if_fail (self != NULL, 0);

  return g_hash_table_size (self->strings);
}

void
rapport_catalog_free (RapportCatalog *self)
{
  if (self == NULL)
    return;

  g_clear_pointer (&self->strings, g_hash_table_unref);
  g_free (self->language);
  g_free (self->data);
  g_free (self);
}
