/* rapport-import-presets.h
 *
 * What the columns of a CSV file mean, and how its bytes become UTF-8.
 *
 * The header row alone says which exporter wrote a file: Google
 * Contacts ("E-mail 1 - Value", "Group Membership"), Outlook ("E-mail
 * Address", "Business Phone", also with its German headers) or
 * Thunderbird ("Primary Email"). Each preset maps every column of that
 * exporter to a customer field, or to none when Rapport has no field for
 * it (birthday, department, middle name...): such a column with data is
 * reported by the importer, never dropped silently. Any other header is
 * matched against common column names ("email", "first name"...).
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

typedef enum
{
  RAPPORT_IMPORT_FIELD_NONE = 0,    /* no customer field: data is reported */
  RAPPORT_IMPORT_FIELD_IGNORE,      /* holds nothing to keep (an id, a copy) */
  RAPPORT_IMPORT_FIELD_UID,
  RAPPORT_IMPORT_FIELD_KIND,
  RAPPORT_IMPORT_FIELD_NAME,
  RAPPORT_IMPORT_FIELD_GIVEN_NAME,
  RAPPORT_IMPORT_FIELD_FAMILY_NAME,
  RAPPORT_IMPORT_FIELD_PHONETIC_NAME,
  RAPPORT_IMPORT_FIELD_ORGANIZATION,
  RAPPORT_IMPORT_FIELD_JOB_TITLE,
  RAPPORT_IMPORT_FIELD_FORM_OF_ADDRESS,
  RAPPORT_IMPORT_FIELD_EMAIL,
  RAPPORT_IMPORT_FIELD_EMAIL_LABEL,
  RAPPORT_IMPORT_FIELD_PHONE,
  RAPPORT_IMPORT_FIELD_PHONE_LABEL,
  RAPPORT_IMPORT_FIELD_ADDRESS_LABEL,
  RAPPORT_IMPORT_FIELD_ADDRESS_FORMATTED, /* the street when no part is given */
  RAPPORT_IMPORT_FIELD_STREET,            /* several columns join, one a line */
  RAPPORT_IMPORT_FIELD_LOCALITY,
  RAPPORT_IMPORT_FIELD_REGION,
  RAPPORT_IMPORT_FIELD_POSTAL_CODE,
  RAPPORT_IMPORT_FIELD_ADDRESS_COUNTRY,
  RAPPORT_IMPORT_FIELD_LANGUAGE,
  RAPPORT_IMPORT_FIELD_TIME_ZONE,
  RAPPORT_IMPORT_FIELD_COUNTRY,
  RAPPORT_IMPORT_FIELD_CHANNEL,
  RAPPORT_IMPORT_FIELD_BEST_TIME,
  RAPPORT_IMPORT_FIELD_TYPE,              /* existing customer types only */
  RAPPORT_IMPORT_FIELD_CATEGORIES,        /* groups: types, made when missing */
  RAPPORT_IMPORT_FIELD_NOTES,
  RAPPORT_IMPORT_FIELD_CULTURAL_NOTES,
} RapportImportField;

typedef struct
{
  RapportImportField  field;
  /* Columns of one email, phone or address share a slot (Google's
   * "E-mail 2 - Type" and "E-mail 2 - Value"); every slot is its own
   * value of the customer. */
  guint               slot;
  const char         *label;          /* static; the value's label, or NULL */
  const char         *empty_value;    /* static; what the exporter writes for nothing */
  /* Categories: the separator between them, NULL for ",;". */
  const char         *separator;
} RapportImportColumn;

/* Fills @columns (@n_fields of them) for this header and returns the
 * preset's name ("Google Contacts", "Outlook", "Thunderbird"), or NULL
 * for a header no preset knows, whose columns are matched by their common
 * names. */
const char         *rapport_import_columns_recognize (guint               n_fields,
                                                      const char *const  *header,
                                                      RapportImportColumn *columns);
/* Applies "COLUMN=FIELD" (a header as it is written, case and accents
 * aside; a FIELD of rapport_import_field_names) over the recognized
 * columns. Fails naming the column or field that is not known. */
gboolean            rapport_import_columns_apply_map (guint               n_fields,
                                                      const char *const  *header,
                                                      RapportImportColumn *columns,
                                                      const char *const  *map,
                                                      GError            **error);
/* The FIELD names --map takes, NULL-terminated. */
const char *const  *rapport_import_field_names       (void);

/* Wraps @stream so that what comes out is UTF-8: a UTF-16 file (with a
 * byte order mark, or without one when its first character is ASCII) is
 * converted; with @encoding (a name iconv knows, such as "SHIFT_JIS" or
 * "WINDOWS-1252") the file is converted from it. Otherwise the bytes must
 * be UTF-8: the first that are not end the reading with
 * G_IO_ERROR_INVALID_DATA, saying to give an encoding. An unknown
 * @encoding fails here (G_IO_ERROR_NOT_SUPPORTED). */
GInputStream       *rapport_import_open_text_stream  (GInputStream       *stream,
                                                      const char         *encoding,
                                                      GCancellable       *cancellable,
                                                      GError            **error);

G_END_DECLS
