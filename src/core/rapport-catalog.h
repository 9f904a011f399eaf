/* rapport-catalog.h
 *
 * A reader for compiled gettext catalogs (.mo files), so that a text can
 * be looked up in a language other than the process's: a renewal notice
 * for a French customer is written in French while the UI is in English.
 * gettext itself only follows the process locale.
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef struct _RapportCatalog RapportCatalog;

/* Loads LOCALEDIR/LANG/LC_MESSAGES/DOMAIN.mo, LANG tried in this order
 * for "zh-Hant-TW": "zh_Hant_TW", "zh_TW", "zh" (language, script, region
 * and variants as ICU reads the tag, then language and region, then the
 * bare language; extensions and private use play no part). The file is
 * read whole and every offset in it checked against its size: a
 * truncated or corrupt file is RAPPORT_ERROR_PARSE naming the file, no
 * catalog at all RAPPORT_ERROR_NOT_FOUND naming the language. @language_tag
 * may be any string: one that is not a well-formed BCP 47 tag of at most
 * 64 characters (rapport_language_tag_normalize) has no catalog, and no
 * path is built from it. Plural forms are read as their first (singular)
 * form. */
RapportCatalog *rapport_catalog_load          (const char     *domain,
                                               const char     *language_tag,
                                               const char     *localedir,
                                               GError        **error);
/* The catalog in @bytes (the contents of a .mo file, copied), checked as
 * rapport_catalog_load() checks a file; @language is what
 * rapport_catalog_get_language() returns and names it in errors. */
RapportCatalog *rapport_catalog_new_from_bytes (GBytes        *bytes,
                                                const char    *language,
                                                GError       **error);
/* The translation of @msgid in @msgctxt (NULL: none), or @msgid itself
 * (the very pointer passed in) when the catalog has none: compare the
 * result with @msgid to tell. */
const char     *rapport_catalog_lookup        (RapportCatalog *self,
                                               const char     *msgctxt,
                                               const char     *msgid);
/* The folder name that was found: "de_CH" or "de" for "de-CH". */
const char     *rapport_catalog_get_language  (RapportCatalog *self);
guint           rapport_catalog_get_n_strings (RapportCatalog *self);
void            rapport_catalog_free          (RapportCatalog *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (RapportCatalog, rapport_catalog_free)

G_END_DECLS
