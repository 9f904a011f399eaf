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
 * lie inside the file.
 */

#define G_LOG_DOMAIN "rapport-catalog"

#include "config.h"

#include <errno.h>
#include <string.h>

#include <glib/gi18n.h>

#include "rapport-catalog.h"
#include "rapport-error.h"

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

      /* An empty translation is no translation. The key stops at the
       * first NUL: the singular of a plural entry. */
      if (translation_length > 0)
        g_hash_table_insert (self->strings, (gpointer) original, (gpointer) translation);
    }

  return TRUE;

corrupt:
  g_set_error (error, RAPPORT_ERROR, RAPPORT_ERROR_PARSE,
               _("The translation catalog “%s” is damaged"), path);
  return FALSE;
}

/* The folder names to try for @language_tag, most specific first. */
static GPtrArray *
candidate_names (const char *language_tag)
{
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  g_auto(GStrv) parts = g_strsplit (language_tag, "-", -1);
  const char *region = NULL;
  char *full;

  full = g_strjoinv ("_", parts);
  g_ptr_array_add (names, full);

  /* A region is two letters or three digits; a script four letters. */
  for (guint i = 1; parts[i] != NULL; i++)
    {
      gsize length = strlen (parts[i]);

      if (length == 1)
        break;    /* an extension or private use follows */
      if (length == 2 || (length == 3 && g_ascii_isdigit (parts[i][0])))
        {
          region = parts[i];
          break;
        }
    }

  if (region != NULL)
    {
      char *language_region = g_strdup_printf ("%s_%s", parts[0], region);

      if (!g_str_equal (language_region, full))
        g_ptr_array_add (names, language_region);
      else
        g_free (language_region);
    }

  if (!g_str_equal (parts[0], full))
    g_ptr_array_add (names, g_strdup (parts[0]));

  return g_steal_pointer (&names);
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

  if (language_tag == NULL || *language_tag == '\0' ||
      strchr (language_tag, '/') != NULL || strchr (language_tag, '.') != NULL)
    {
      g_set_error (error, RAPPORT_ERROR, RAPPORT_ERROR_NOT_FOUND,
                   _("There is no translation catalog for “%s”"),
                   language_tag != NULL ? language_tag : "");
      return NULL;
    }

  names = candidate_names (language_tag);
  file_name = g_strconcat (domain, ".mo", NULL);

  for (guint i = 0; i < names->len; i++)
    {
      const char *name = g_ptr_array_index (names, i);
      g_autofree char *path = g_build_filename (localedir, name, "LC_MESSAGES", file_name, NULL);
      g_autoptr(RapportCatalog) self = NULL;
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

      self = g_new0 (RapportCatalog, 1);
      self->language = g_strdup (name);
      self->data = data;
      self->size = size;
      self->strings = g_hash_table_new (g_str_hash, g_str_equal);

      if (!parse (self, path, error))
        return NULL;

      return g_steal_pointer (&self);
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
