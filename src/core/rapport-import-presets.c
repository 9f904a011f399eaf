/* rapport-import-presets.c
 *
 * Header recognition for CSV import, and the text layer under the CSV
 * reader. Headers are compared after folding case, accents, '_', '-' and
 * '.' ("E-mail 1 - Value" is "e mail 1 value"), so the tables below are
 * written as the exporters write them.
 */

#define G_LOG_DOMAIN "rapport-import"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "rapport-error.h"
#include "rapport-import-presets.h"
#include "rapport-store-private.h"

typedef RapportImportField Field;

#define F(name) RAPPORT_IMPORT_FIELD_##name

/* "E-Mail_Address 2" -> "e mail address 2" */
static char *
fold_header (const char *text)
{
  g_autofree char *folded = rapport_store_fold (text);
  GString *out = g_string_new (NULL);

  for (const char *p = folded; *p != '\0'; p++)
    {
      char c = *p;

      if (c == '_' || c == '-' || c == '.' || c == ':' || g_ascii_isspace (c))
        c = ' ';
      if (c == ' ' && (out->len == 0 || out->str[out->len - 1] == ' '))
        continue;
      g_string_append_c (out, c);
    }
  while (out->len > 0 && out->str[out->len - 1] == ' ')
    g_string_truncate (out, out->len - 1);

  return g_string_free (out, FALSE);
}

/* Common names ------------------------------------------------------------ */

static const struct {
  const char *name;
  Field       field;
  const char *label;
} generic_names[] = {
  { "uid", F (UID), NULL },
  { "id", F (IGNORE), NULL },
  { "kind", F (KIND), NULL },
  { "name", F (NAME), NULL },
  { "full name", F (NAME), NULL },
  { "display name", F (NAME), NULL },
  { "customer", F (NAME), NULL },
  { "customer name", F (NAME), NULL },
  { "contact", F (NAME), NULL },
  { "contact name", F (NAME), NULL },
  { "given name", F (GIVEN_NAME), NULL },
  { "first name", F (GIVEN_NAME), NULL },
  { "firstname", F (GIVEN_NAME), NULL },
  { "forename", F (GIVEN_NAME), NULL },
  { "family name", F (FAMILY_NAME), NULL },
  { "last name", F (FAMILY_NAME), NULL },
  { "lastname", F (FAMILY_NAME), NULL },
  { "surname", F (FAMILY_NAME), NULL },
  { "phonetic name", F (PHONETIC_NAME), NULL },
  { "organization", F (ORGANIZATION), NULL },
  { "organisation", F (ORGANIZATION), NULL },
  { "company", F (ORGANIZATION), NULL },
  { "company name", F (ORGANIZATION), NULL },
  { "business", F (ORGANIZATION), NULL },
  { "org", F (ORGANIZATION), NULL },
  { "job title", F (JOB_TITLE), NULL },
  { "title", F (JOB_TITLE), NULL },
  { "position", F (JOB_TITLE), NULL },
  { "role", F (JOB_TITLE), NULL },
  { "email", F (EMAIL), NULL },
  { "e mail", F (EMAIL), NULL },
  { "email address", F (EMAIL), NULL },
  { "e mail address", F (EMAIL), NULL },
  { "mail", F (EMAIL), NULL },
  { "emails", F (EMAIL), NULL },
  { "primary email", F (EMAIL), NULL },
  { "secondary email", F (EMAIL), NULL },
  { "phone", F (PHONE), NULL },
  { "phone number", F (PHONE), NULL },
  { "telephone", F (PHONE), NULL },
  { "tel", F (PHONE), NULL },
  { "phones", F (PHONE), NULL },
  { "work phone", F (PHONE), "work" },
  { "business phone", F (PHONE), "work" },
  { "home phone", F (PHONE), "home" },
  { "mobile", F (PHONE), "mobile" },
  { "mobile phone", F (PHONE), "mobile" },
  { "mobile number", F (PHONE), "mobile" },
  { "cell", F (PHONE), "mobile" },
  { "cell phone", F (PHONE), "mobile" },
  { "language", F (LANGUAGE), NULL },
  { "preferred language", F (LANGUAGE), NULL },
  { "lang", F (LANGUAGE), NULL },
  { "locale", F (LANGUAGE), NULL },
  { "time zone", F (TIME_ZONE), NULL },
  { "timezone", F (TIME_ZONE), NULL },
  { "tz", F (TIME_ZONE), NULL },
  { "country", F (COUNTRY), NULL },
  { "form of address", F (FORM_OF_ADDRESS), NULL },
  { "salutation", F (FORM_OF_ADDRESS), NULL },
  { "honorific", F (FORM_OF_ADDRESS), NULL },
  { "preferred channel", F (CHANNEL), NULL },
  { "channel", F (CHANNEL), NULL },
  { "best time", F (BEST_TIME), NULL },
  { "best time to contact", F (BEST_TIME), NULL },
  { "type", F (TYPE), NULL },
  { "types", F (TYPE), NULL },
  { "customer type", F (TYPE), NULL },
  { "customer types", F (TYPE), NULL },
  { "category", F (TYPE), NULL },
  { "tags", F (TYPE), NULL },
  { "categories", F (CATEGORIES), NULL },
  { "notes", F (NOTES), NULL },
  { "note", F (NOTES), NULL },
  { "comments", F (NOTES), NULL },
  { "comment", F (NOTES), NULL },
  { "cultural notes", F (CULTURAL_NOTES), NULL },
  { "street", F (STREET), NULL },
  { "address", F (STREET), NULL },
  { "street address", F (STREET), NULL },
  { "city", F (LOCALITY), NULL },
  { "town", F (LOCALITY), NULL },
  { "locality", F (LOCALITY), NULL },
  { "region", F (REGION), NULL },
  { "state", F (REGION), NULL },
  { "province", F (REGION), NULL },
  { "postal code", F (POSTAL_CODE), NULL },
  { "postcode", F (POSTAL_CODE), NULL },
  { "zip", F (POSTAL_CODE), NULL },
  { "zip code", F (POSTAL_CODE), NULL },
};

/* Address parts share one slot, the first address; every email or phone
 * column is a value of its own. */
#define GENERIC_ADDRESS_SLOT 1
#define OWN_SLOT_BASE 1000

static void
recognize_generic (guint                n_fields,
                   const char *const   *header,
                   RapportImportColumn *columns)
{
  for (guint i = 0; i < n_fields; i++)
    {
      g_autofree char *folded = fold_header (header[i]);
      gsize len = strlen (folded);

      /* "email 2", "phone 3": further values of a multi-valued field. */
      while (len > 0 && (g_ascii_isdigit (folded[len - 1]) || folded[len - 1] == ' '))
        folded[--len] = '\0';

      for (guint j = 0; j < G_N_ELEMENTS (generic_names); j++)
        if (g_str_equal (folded, generic_names[j].name))
          {
            Field field = generic_names[j].field;

            columns[i].field = field;
            columns[i].label = generic_names[j].label;
            if (field == F (EMAIL) || field == F (PHONE))
              columns[i].slot = OWN_SLOT_BASE + i;
            else if (field >= F (STREET) && field <= F (ADDRESS_COUNTRY))
              columns[i].slot = GENERIC_ADDRESS_SLOT;
            break;
          }
    }
}

/* Presets ------------------------------------------------------------------ */

typedef struct
{
  const char *name;
  Field       field;
  guint       slot;
  const char *label;
  const char *empty_value;
} PresetColumn;

/* Thunderbird's export (AddrBookUtils.exportCardsToDelimitedText). */
static const PresetColumn thunderbird_columns[] = {
  { "First Name", F (GIVEN_NAME), 0, NULL, NULL },
  { "Last Name", F (FAMILY_NAME), 0, NULL, NULL },
  { "Display Name", F (NAME), 0, NULL, NULL },
  { "Nickname", F (NONE), 0, NULL, NULL },
  { "Primary Email", F (EMAIL), 1, NULL, NULL },
  { "Secondary Email", F (EMAIL), 2, NULL, NULL },
  { "Screen Name", F (NONE), 0, NULL, NULL },
  { "Work Phone", F (PHONE), 1, "work", NULL },
  { "Home Phone", F (PHONE), 2, "home", NULL },
  { "Fax Number", F (PHONE), 3, "fax", NULL },
  { "Pager Number", F (PHONE), 4, "pager", NULL },
  { "Mobile Number", F (PHONE), 5, "mobile", NULL },
  { "Home Address", F (STREET), 1, "home", NULL },
  { "Home Address 2", F (STREET), 1, "home", NULL },
  { "Home City", F (LOCALITY), 1, "home", NULL },
  { "Home State", F (REGION), 1, "home", NULL },
  { "Home ZipCode", F (POSTAL_CODE), 1, "home", NULL },
  { "Home Country", F (ADDRESS_COUNTRY), 1, "home", NULL },
  { "Work Address", F (STREET), 2, "work", NULL },
  { "Work Address 2", F (STREET), 2, "work", NULL },
  { "Work City", F (LOCALITY), 2, "work", NULL },
  { "Work State", F (REGION), 2, "work", NULL },
  { "Work ZipCode", F (POSTAL_CODE), 2, "work", NULL },
  { "Work Country", F (ADDRESS_COUNTRY), 2, "work", NULL },
  { "Job Title", F (JOB_TITLE), 0, NULL, NULL },
  { "Department", F (NONE), 0, NULL, NULL },
  { "Organization", F (ORGANIZATION), 0, NULL, NULL },
  { "Web Page 1", F (NONE), 0, NULL, NULL },
  { "Web Page 2", F (NONE), 0, NULL, NULL },
  { "Birth Year", F (NONE), 0, NULL, NULL },
  { "Birth Month", F (NONE), 0, NULL, NULL },
  { "Birth Day", F (NONE), 0, NULL, NULL },
  { "Custom 1", F (NONE), 0, NULL, NULL },
  { "Custom 2", F (NONE), 0, NULL, NULL },
  { "Custom 3", F (NONE), 0, NULL, NULL },
  { "Custom 4", F (NONE), 0, NULL, NULL },
  { "Notes", F (NOTES), 0, NULL, NULL },
  { NULL }
};

/* Outlook's "Comma Separated Values" export: English and German headers
 * of the same columns. "Title" is the honorific. Outlook writes "0/0/00"
 * for no birthday, "Normal" for no priority and the like. */
static const struct {
  const char  *english;
  const char  *german;
  PresetColumn column;
} outlook_columns[] = {
  { "Title", "Anrede", { NULL, F (FORM_OF_ADDRESS), 0, NULL, NULL } },
  { "First Name", "Vorname", { NULL, F (GIVEN_NAME), 0, NULL, NULL } },
  { "Middle Name", "Weitere Vornamen", { NULL, F (NONE), 0, NULL, NULL } },
  { "Last Name", "Nachname", { NULL, F (FAMILY_NAME), 0, NULL, NULL } },
  { "Suffix", "Suffix", { NULL, F (NONE), 0, NULL, NULL } },
  { "Company", "Firma", { NULL, F (ORGANIZATION), 0, NULL, NULL } },
  { "Department", "Abteilung", { NULL, F (NONE), 0, NULL, NULL } },
  { "Job Title", "Position", { NULL, F (JOB_TITLE), 0, NULL, NULL } },
  { "Business Street", "Straße geschäftlich", { NULL, F (STREET), 1, "work", NULL } },
  { "Business Street 2", "Straße geschäftlich 2", { NULL, F (STREET), 1, "work", NULL } },
  { "Business Street 3", "Straße geschäftlich 3", { NULL, F (STREET), 1, "work", NULL } },
  { "Business City", "Ort geschäftlich", { NULL, F (LOCALITY), 1, "work", NULL } },
  { "Business State", "Region geschäftlich", { NULL, F (REGION), 1, "work", NULL } },
  { "Business Postal Code", "Postleitzahl geschäftlich", { NULL, F (POSTAL_CODE), 1, "work", NULL } },
  { "Business Country/Region", "Land/Region geschäftlich", { NULL, F (ADDRESS_COUNTRY), 1, "work", NULL } },
  { "Home Street", "Straße privat", { NULL, F (STREET), 2, "home", NULL } },
  { "Home Street 2", "Straße privat 2", { NULL, F (STREET), 2, "home", NULL } },
  { "Home Street 3", "Straße privat 3", { NULL, F (STREET), 2, "home", NULL } },
  { "Home City", "Ort privat", { NULL, F (LOCALITY), 2, "home", NULL } },
  { "Home State", "Bundesland/Kanton privat", { NULL, F (REGION), 2, "home", NULL } },
  { "Home Postal Code", "Postleitzahl privat", { NULL, F (POSTAL_CODE), 2, "home", NULL } },
  { "Home Country/Region", "Land/Region privat", { NULL, F (ADDRESS_COUNTRY), 2, "home", NULL } },
  { "Other Street", "Weitere Straße", { NULL, F (STREET), 3, "other", NULL } },
  { "Other Street 2", "Weitere Straße 2", { NULL, F (STREET), 3, "other", NULL } },
  { "Other Street 3", "Weitere Straße 3", { NULL, F (STREET), 3, "other", NULL } },
  { "Other City", "Weiterer Ort", { NULL, F (LOCALITY), 3, "other", NULL } },
  { "Other State", "Weiteres/r Bundesland/Kanton", { NULL, F (REGION), 3, "other", NULL } },
  { "Other Postal Code", "Weitere Postleitzahl", { NULL, F (POSTAL_CODE), 3, "other", NULL } },
  { "Other Country/Region", "Weiteres/e Land/Region", { NULL, F (ADDRESS_COUNTRY), 3, "other", NULL } },
  { "Assistant's Phone", "Telefon Assistent", { NULL, F (PHONE), 1, "assistant", NULL } },
  { "Business Fax", "Fax geschäftlich", { NULL, F (PHONE), 2, "work fax", NULL } },
  { "Business Phone", "Telefon geschäftlich", { NULL, F (PHONE), 3, "work", NULL } },
  { "Business Phone 2", "Telefon geschäftlich 2", { NULL, F (PHONE), 4, "work", NULL } },
  { "Callback", "Rückmeldung", { NULL, F (PHONE), 5, "callback", NULL } },
  { "Car Phone", "Autotelefon", { NULL, F (PHONE), 6, "car", NULL } },
  { "Company Main Phone", "Telefon Firma", { NULL, F (PHONE), 7, "company", NULL } },
  { "Home Fax", "Fax privat", { NULL, F (PHONE), 8, "home fax", NULL } },
  { "Home Phone", "Telefon (privat)", { NULL, F (PHONE), 9, "home", NULL } },
  { "Home Phone 2", "Telefon (privat 2)", { NULL, F (PHONE), 10, "home", NULL } },
  { "ISDN", "ISDN", { NULL, F (PHONE), 11, "isdn", NULL } },
  { "Mobile Phone", "Mobiltelefon", { NULL, F (PHONE), 12, "mobile", NULL } },
  { "Other Fax", "Weiteres Fax", { NULL, F (PHONE), 13, "fax", NULL } },
  { "Other Phone", "Weiteres Telefon", { NULL, F (PHONE), 14, "other", NULL } },
  { "Pager", "Pager", { NULL, F (PHONE), 15, "pager", NULL } },
  { "Primary Phone", "Haupttelefon", { NULL, F (PHONE), 0, NULL, NULL } },
  { "Radio Phone", "Mobiltelefon 2", { NULL, F (PHONE), 16, "mobile", NULL } },
  { "TTY/TDD Phone", "Telefon für Hörbehinderte", { NULL, F (PHONE), 17, "tty", NULL } },
  { "Telex", "Telex", { NULL, F (PHONE), 18, "telex", NULL } },
  { "Account", "Konto", { NULL, F (NONE), 0, NULL, NULL } },
  { "Anniversary", "Jahrestag", { NULL, F (NONE), 0, NULL, "0/0/00" } },
  { "Assistant's Name", "Assistent(in)", { NULL, F (NONE), 0, NULL, NULL } },
  { "Billing Information", "Abrechnungsinformation", { NULL, F (NONE), 0, NULL, NULL } },
  { "Birthday", "Geburtstag", { NULL, F (NONE), 0, NULL, "0/0/00" } },
  { "Business Address PO Box", "Postfach geschäftlich", { NULL, F (NONE), 0, NULL, NULL } },
  { "Categories", "Kategorien", { NULL, F (CATEGORIES), 0, NULL, NULL } },
  { "Children", "Kinder", { NULL, F (NONE), 0, NULL, NULL } },
  { "Directory Server", "Verzeichnisserver", { NULL, F (NONE), 0, NULL, NULL } },
  { "E-mail Address", "E-Mail-Adresse", { NULL, F (EMAIL), 1, NULL, NULL } },
  { "E-mail Type", "E-Mail-Typ", { NULL, F (IGNORE), 0, NULL, NULL } },
  { "E-mail Display Name", "E-Mail: Angezeigter Name", { NULL, F (NONE), 0, NULL, NULL } },
  { "E-mail 2 Address", "E-Mail 2: Adresse", { NULL, F (EMAIL), 2, NULL, NULL } },
  { "E-mail 2 Type", "E-Mail 2: Typ", { NULL, F (IGNORE), 0, NULL, NULL } },
  { "E-mail 2 Display Name", "E-Mail 2: Angezeigter Name", { NULL, F (NONE), 0, NULL, NULL } },
  { "E-mail 3 Address", "E-Mail 3: Adresse", { NULL, F (EMAIL), 3, NULL, NULL } },
  { "E-mail 3 Type", "E-Mail 3: Typ", { NULL, F (IGNORE), 0, NULL, NULL } },
  { "E-mail 3 Display Name", "E-Mail 3: Angezeigter Name", { NULL, F (NONE), 0, NULL, NULL } },
  { "Gender", "Geschlecht", { NULL, F (NONE), 0, NULL, "Unspecified" } },
  { "Government ID Number", "Sozialversicherungsnr.", { NULL, F (NONE), 0, NULL, NULL } },
  { "Hobby", "Hobby", { NULL, F (NONE), 0, NULL, NULL } },
  { "Home Address PO Box", "Postfach privat", { NULL, F (NONE), 0, NULL, NULL } },
  { "Initials", "Initialen", { NULL, F (NONE), 0, NULL, NULL } },
  { "Internet Free Busy", "Internet Frei/Gebucht", { NULL, F (NONE), 0, NULL, NULL } },
  { "Keywords", "Stichwörter", { NULL, F (NONE), 0, NULL, NULL } },
  { "Language", "Sprache", { NULL, F (LANGUAGE), 0, NULL, NULL } },
  { "Location", "Ort", { NULL, F (NONE), 0, NULL, NULL } },
  { "Manager's Name", "Name des/r Vorgesetzten", { NULL, F (NONE), 0, NULL, NULL } },
  { "Mileage", "Reisekilometer", { NULL, F (NONE), 0, NULL, NULL } },
  { "Notes", "Notizen", { NULL, F (NOTES), 0, NULL, NULL } },
  { "Office Location", "Büro", { NULL, F (NONE), 0, NULL, NULL } },
  { "Organizational ID Number", "Organisationsnr.", { NULL, F (NONE), 0, NULL, NULL } },
  { "Other Address PO Box", "Weiteres Postfach", { NULL, F (NONE), 0, NULL, NULL } },
  { "Priority", "Priorität", { NULL, F (NONE), 0, NULL, "Normal" } },
  { "Private", "Privat", { NULL, F (NONE), 0, NULL, "False" } },
  { "Profession", "Beruf", { NULL, F (NONE), 0, NULL, NULL } },
  { "Referred By", "Empfohlen von", { NULL, F (NONE), 0, NULL, NULL } },
  { "Sensitivity", "Vertraulichkeit", { NULL, F (NONE), 0, NULL, "Normal" } },
  { "Spouse", "Partner", { NULL, F (NONE), 0, NULL, NULL } },
  { "User 1", "Benutzer 1", { NULL, F (NONE), 0, NULL, NULL } },
  { "User 2", "Benutzer 2", { NULL, F (NONE), 0, NULL, NULL } },
  { "User 3", "Benutzer 3", { NULL, F (NONE), 0, NULL, NULL } },
  { "User 4", "Benutzer 4", { NULL, F (NONE), 0, NULL, NULL } },
  { "Web Page", "Webseite", { NULL, F (NONE), 0, NULL, NULL } },
};

/* What the German Outlook writes for nothing, column by column. */
static const struct {
  const char *german;
  const char *empty_value;
} outlook_german_empty[] = {
  { "Jahrestag", "0.0.00" },
  { "Geburtstag", "0.0.00" },
  { "Geschlecht", "Keine Angabe" },
  { "Privat", "Aus" },
};

/* Google Contacts ("Google CSV"): single columns. The numbered groups
 * ("E-mail 2 - Value", "Address 1 - City") are read in recognize_google. */
static const PresetColumn google_columns[] = {
  { "Name", F (NAME), 0, NULL, NULL },
  { "Given Name", F (GIVEN_NAME), 0, NULL, NULL },
  { "First Name", F (GIVEN_NAME), 0, NULL, NULL },
  { "Additional Name", F (NONE), 0, NULL, NULL },
  { "Middle Name", F (NONE), 0, NULL, NULL },
  { "Family Name", F (FAMILY_NAME), 0, NULL, NULL },
  { "Last Name", F (FAMILY_NAME), 0, NULL, NULL },
  { "Yomi Name", F (PHONETIC_NAME), 0, NULL, NULL },
  { "Name Prefix", F (FORM_OF_ADDRESS), 0, NULL, NULL },
  { "Notes", F (NOTES), 0, NULL, NULL },
  { "Group Membership", F (CATEGORIES), 0, NULL, NULL },
  { "Labels", F (CATEGORIES), 0, NULL, NULL },
  { NULL }
};

static gboolean
header_has (guint              n_fields,
            const char *const *header,
            const char        *name)
{
  g_autofree char *wanted = fold_header (name);

  for (guint i = 0; i < n_fields; i++)
    {
      g_autofree char *folded = fold_header (header[i]);

      if (g_str_equal (folded, wanted))
        return TRUE;
    }

  return FALSE;
}

static void
set_from_preset (RapportImportColumn *column,
                 const PresetColumn  *preset)
{
  column->field = preset->field;
  column->slot = preset->slot;
  column->label = preset->label;
  column->empty_value = preset->empty_value;
}

static void
recognize_table (guint                n_fields,
                 const char *const   *header,
                 RapportImportColumn *columns,
                 const PresetColumn  *table)
{
  for (guint i = 0; i < n_fields; i++)
    {
      g_autofree char *folded = fold_header (header[i]);

      for (guint j = 0; table[j].name != NULL; j++)
        {
          g_autofree char *name = fold_header (table[j].name);

          if (g_str_equal (folded, name))
            {
              set_from_preset (&columns[i], &table[j]);
              break;
            }
        }
    }
}

static void
recognize_outlook (guint                n_fields,
                   const char *const   *header,
                   RapportImportColumn *columns,
                   gboolean             german)
{
  for (guint i = 0; i < n_fields; i++)
    {
      g_autofree char *folded = fold_header (header[i]);

      for (guint j = 0; j < G_N_ELEMENTS (outlook_columns); j++)
        {
          g_autofree char *name = fold_header (german ? outlook_columns[j].german : outlook_columns[j].english);

          if (!g_str_equal (folded, name))
            continue;

          set_from_preset (&columns[i], &outlook_columns[j].column);
          for (guint k = 0; german && k < G_N_ELEMENTS (outlook_german_empty); k++)
            if (g_str_equal (outlook_columns[j].german, outlook_german_empty[k].german))
              columns[i].empty_value = outlook_german_empty[k].empty_value;
          break;
        }

      if (columns[i].field == F (CATEGORIES))
        columns[i].separator = ";";
    }
}

static void
recognize_google (guint                n_fields,
                  const char *const   *header,
                  RapportImportColumn *columns)
{
  recognize_table (n_fields, header, columns, google_columns);

  for (guint i = 0; i < n_fields; i++)
    {
      g_autofree char *folded = fold_header (header[i]);
      g_auto(GStrv) words = g_strsplit (folded, " ", -1);
      guint n_words = g_strv_length (words);
      g_autofree char *group = NULL;
      g_autofree char *part = NULL;
      guint64 number = 0;
      guint at = 0;

      if (columns[i].field == F (CATEGORIES))
        columns[i].separator = ":::";

      /* "<group words> <N> <part words>" */
      for (at = 0; at < n_words; at++)
        if (g_ascii_string_to_unsigned (words[at], 10, 1, 99, &number, NULL))
          break;
      if (at == 0 || at + 1 >= n_words)
        continue;

      {
        char *number_word = words[at];

        words[at] = NULL;
        group = g_strjoinv (" ", words);
        part = g_strjoinv (" ", words + at + 1);
        words[at] = number_word;
      }
      columns[i].slot = (guint) number;
      columns[i].field = F (NONE);

      if (g_str_equal (group, "e mail") || g_str_equal (group, "email"))
        {
          if (g_str_equal (part, "value"))
            columns[i].field = F (EMAIL);
          else if (g_str_equal (part, "type") || g_str_equal (part, "label"))
            columns[i].field = F (EMAIL_LABEL);
        }
      else if (g_str_equal (group, "phone"))
        {
          if (g_str_equal (part, "value"))
            columns[i].field = F (PHONE);
          else if (g_str_equal (part, "type") || g_str_equal (part, "label"))
            columns[i].field = F (PHONE_LABEL);
        }
      else if (g_str_equal (group, "address"))
        {
          if (g_str_equal (part, "type") || g_str_equal (part, "label"))
            columns[i].field = F (ADDRESS_LABEL);
          else if (g_str_equal (part, "formatted"))
            columns[i].field = F (ADDRESS_FORMATTED);
          else if (g_str_equal (part, "street") || g_str_equal (part, "extended address"))
            columns[i].field = F (STREET);
          else if (g_str_equal (part, "city"))
            columns[i].field = F (LOCALITY);
          else if (g_str_equal (part, "region"))
            columns[i].field = F (REGION);
          else if (g_str_equal (part, "postal code"))
            columns[i].field = F (POSTAL_CODE);
          else if (g_str_equal (part, "country"))
            columns[i].field = F (ADDRESS_COUNTRY);
        }
      else if (g_str_equal (group, "organization") && number == 1)
        {
          if (g_str_equal (part, "name"))
            columns[i].field = F (ORGANIZATION);
          else if (g_str_equal (part, "title"))
            columns[i].field = F (JOB_TITLE);
        }
    }
}

const char *
rapport_import_columns_recognize (guint                n_fields,
                                  const char *const   *header,
                                  RapportImportColumn *columns)
{
  g_return_val_if_fail (n_fields == 0 || header != NULL, NULL);
  g_return_val_if_fail (n_fields == 0 || columns != NULL, NULL);

  memset (columns, 0, n_fields * sizeof (RapportImportColumn));

  if (header_has (n_fields, header, "E-mail 1 - Value") ||
      header_has (n_fields, header, "Phone 1 - Value") ||
      header_has (n_fields, header, "Group Membership"))
    {
      recognize_google (n_fields, header, columns);
      return "Google Contacts";
    }

  if (header_has (n_fields, header, "E-mail Address") && header_has (n_fields, header, "Business Phone"))
    {
      recognize_outlook (n_fields, header, columns, FALSE);
      return "Outlook";
    }

  if (header_has (n_fields, header, "E-Mail-Adresse") && header_has (n_fields, header, "Telefon geschäftlich"))
    {
      recognize_outlook (n_fields, header, columns, TRUE);
      return "Outlook";
    }

  if (header_has (n_fields, header, "Primary Email") && header_has (n_fields, header, "Mobile Number"))
    {
      recognize_table (n_fields, header, columns, thunderbird_columns);
      return "Thunderbird";
    }

  recognize_generic (n_fields, header, columns);
  return NULL;
}

/* --map ----------------------------------------------------------------- */

static const struct {
  const char *name;
  Field       field;
  const char *label;
} map_fields[] = {
  { "ignore", F (IGNORE), NULL },
  { "uid", F (UID), NULL },
  { "kind", F (KIND), NULL },
  { "name", F (NAME), NULL },
  { "given-name", F (GIVEN_NAME), NULL },
  { "family-name", F (FAMILY_NAME), NULL },
  { "phonetic-name", F (PHONETIC_NAME), NULL },
  { "organization", F (ORGANIZATION), NULL },
  { "job-title", F (JOB_TITLE), NULL },
  { "form-of-address", F (FORM_OF_ADDRESS), NULL },
  { "email", F (EMAIL), NULL },
  { "work-email", F (EMAIL), "work" },
  { "home-email", F (EMAIL), "home" },
  { "phone", F (PHONE), NULL },
  { "work-phone", F (PHONE), "work" },
  { "home-phone", F (PHONE), "home" },
  { "mobile", F (PHONE), "mobile" },
  { "fax", F (PHONE), "fax" },
  { "street", F (STREET), NULL },
  { "city", F (LOCALITY), NULL },
  { "region", F (REGION), NULL },
  { "postal-code", F (POSTAL_CODE), NULL },
  { "address-country", F (ADDRESS_COUNTRY), NULL },
  { "language", F (LANGUAGE), NULL },
  { "time-zone", F (TIME_ZONE), NULL },
  { "country", F (COUNTRY), NULL },
  { "channel", F (CHANNEL), NULL },
  { "best-time", F (BEST_TIME), NULL },
  { "type", F (TYPE), NULL },
  { "categories", F (CATEGORIES), NULL },
  { "notes", F (NOTES), NULL },
  { "cultural-notes", F (CULTURAL_NOTES), NULL },
};

const char *const *
rapport_import_field_names (void)
{
  static const char *names[G_N_ELEMENTS (map_fields) + 1];

  if (names[0] == NULL)
    for (guint i = 0; i < G_N_ELEMENTS (map_fields); i++)
      names[i] = map_fields[i].name;

  return names;
}

gboolean
rapport_import_columns_apply_map (guint                n_fields,
                                  const char *const   *header,
                                  RapportImportColumn *columns,
                                  const char *const   *map,
                                  GError             **error)
{
  g_return_val_if_fail (n_fields == 0 || header != NULL, FALSE);
  g_return_val_if_fail (n_fields == 0 || columns != NULL, FALSE);

  for (guint m = 0; map != NULL && map[m] != NULL; m++)
    {
      const char *equals = strrchr (map[m], '=');
      g_autofree char *column = NULL;
      g_autofree char *folded = NULL;
      g_autofree char *field = NULL;
      gboolean column_found = FALSE;
      guint f;

      if (equals == NULL || equals == map[m])
        {
          g_set_error (error, RAPPORT_ERROR, RAPPORT_ERROR_INVALID,
                       /* Translators: COLUMN and FIELD are placeholders, keep them as they are */
                       _("map: “%s” is not COLUMN=FIELD"), map[m]);
          return FALSE;
        }

      column = g_strndup (map[m], equals - map[m]);
      field = g_strstrip (g_ascii_strdown (equals + 1, -1));
      for (f = 0; f < G_N_ELEMENTS (map_fields); f++)
        if (g_str_equal (field, map_fields[f].name))
          break;
      if (f == G_N_ELEMENTS (map_fields))
        {
          g_set_error (error, RAPPORT_ERROR, RAPPORT_ERROR_INVALID,
                       _("map: “%s” is not a customer field (see --help)"), equals + 1);
          return FALSE;
        }

      folded = fold_header (column);
      for (guint i = 0; i < n_fields; i++)
        {
          g_autofree char *name = fold_header (header[i]);

          if (!g_str_equal (name, folded))
            continue;

          column_found = TRUE;
          columns[i].field = map_fields[f].field;
          columns[i].label = map_fields[f].label;
          if (columns[i].field == F (EMAIL) || columns[i].field == F (PHONE))
            columns[i].slot = OWN_SLOT_BASE + i;
          else if (columns[i].field >= F (STREET) && columns[i].field <= F (ADDRESS_COUNTRY) &&
                   columns[i].slot == 0)
            columns[i].slot = GENERIC_ADDRESS_SLOT;
        }

      if (!column_found)
        {
          g_set_error (error, RAPPORT_ERROR, RAPPORT_ERROR_INVALID,
                       _("map: the header has no column “%s”"), column);
          return FALSE;
        }
    }

  return TRUE;
}

/* Encodings ----------------------------------------------------------------- */

/* Passes UTF-8 through and fails on the first byte that is not. */
#define RAPPORT_TYPE_UTF8_CHECK (rapport_utf8_check_get_type ())
G_DECLARE_FINAL_TYPE (RapportUtf8Check, rapport_utf8_check, RAPPORT, UTF8_CHECK, GObject)

struct _RapportUtf8Check
{
  GObject parent_instance;
  guint64 offset;
};

static GConverterResult
rapport_utf8_check_convert (GConverter      *converter,
                            const void      *inbuf,
                            gsize            inbuf_size,
                            void            *outbuf,
                            gsize            outbuf_size,
                            GConverterFlags  flags,
                            gsize           *bytes_read,
                            gsize           *bytes_written,
                            GError         **error)
{
  RapportUtf8Check *self = RAPPORT_UTF8_CHECK (converter);
  const guchar *in = inbuf;
  gsize size = MIN (inbuf_size, outbuf_size);
  const char *end = NULL;

  /* A NUL byte is UTF-8, though GLib's check stops at it: the CSV
   * reader names it for its line. */
  if (size > 0 && in[0] == '\0')
    size = 1;
  else if (!g_utf8_validate_len (inbuf, size, &end) && end == (const char *) inbuf)
    {
      /* The first character is cut short, or not UTF-8 at all. */
      gsize needed = in[0] >= 0xF0 && in[0] <= 0xF4 ? 4 :
                     in[0] >= 0xE0 ? 3 :
                     in[0] >= 0xC2 && in[0] < 0xE0 ? 2 : 0;
      gboolean cut = needed > size;

      for (gsize k = 1; cut && k < size; k++)
        if ((in[k] & 0xC0) != 0x80)
          cut = FALSE;

      if (cut && size < inbuf_size)
        {
          g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_NO_SPACE, "no space");
          return G_CONVERTER_ERROR;
        }
      if (cut && !(flags & G_CONVERTER_INPUT_AT_END))
        {
          g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_PARTIAL_INPUT, "partial input");
          return G_CONVERTER_ERROR;
        }

      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                   /* Translators: --encoding is an option, keep it as it is */
                   _("The file is not UTF-8 (byte %" G_GUINT64_FORMAT " is not): if it was written as "
                     "Windows-1252 or Shift_JIS, give --encoding WINDOWS-1252 or --encoding SHIFT_JIS"),
                   self->offset + 1);
      return G_CONVERTER_ERROR;
    }

  if (end != NULL && end != (const char *) inbuf + size)
    size = end - (const char *) inbuf;

  memcpy (outbuf, inbuf, size);
  *bytes_read = *bytes_written = size;
  self->offset += size;

  if ((flags & G_CONVERTER_INPUT_AT_END) && size == inbuf_size)
    return G_CONVERTER_FINISHED;
  if ((flags & G_CONVERTER_FLUSH) && size == inbuf_size)
    return G_CONVERTER_FLUSHED;
  return G_CONVERTER_CONVERTED;
}

static void
rapport_utf8_check_reset (GConverter *converter)
{
  RAPPORT_UTF8_CHECK (converter)->offset = 0;
}

static void
rapport_utf8_check_converter_init (GConverterIface *iface)
{
  iface->convert = rapport_utf8_check_convert;
  iface->reset = rapport_utf8_check_reset;
}

G_DEFINE_FINAL_TYPE_WITH_CODE (RapportUtf8Check, rapport_utf8_check, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_CONVERTER, rapport_utf8_check_converter_init))

static void
rapport_utf8_check_class_init (RapportUtf8CheckClass *klass)
{
}

static void
rapport_utf8_check_init (RapportUtf8Check *self)
{
}

GInputStream *
rapport_import_open_text_stream (GInputStream  *stream,
                                 const char    *encoding,
                                 GCancellable  *cancellable,
                                 GError       **error)
{
  g_autoptr(GInputStream) buffered = NULL;
  g_autoptr(GConverter) converter = NULL;
  const guchar *head;
  gsize available = 0;

  g_return_val_if_fail (G_IS_INPUT_STREAM (stream), NULL);

  if (encoding != NULL && g_ascii_strcasecmp (encoding, "UTF-8") != 0 &&
      g_ascii_strcasecmp (encoding, "UTF8") != 0)
    {
      g_autoptr(GError) local_error = NULL;
      GCharsetConverter *charset = g_charset_converter_new ("UTF-8", encoding, &local_error);

      if (charset == NULL)
        {
          g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED,
                       _("encoding: “%s” is not an encoding this system can read"), encoding);
          return NULL;
        }
      return g_converter_input_stream_new (stream, G_CONVERTER (charset));
    }

  /* Look at the first bytes for a UTF-16 byte order mark, or the zero
   * bytes of ASCII written as UTF-16. */
  buffered = g_buffered_input_stream_new (stream);
  while ((available = g_buffered_input_stream_get_available (G_BUFFERED_INPUT_STREAM (buffered))) < 4)
    {
      gssize got = g_buffered_input_stream_fill (G_BUFFERED_INPUT_STREAM (buffered), 4 - available,
                                                 cancellable, error);

      if (got < 0)
        return NULL;
      if (got == 0)
        break;
    }

  head = g_buffered_input_stream_peek_buffer (G_BUFFERED_INPUT_STREAM (buffered), &available);
  if (encoding == NULL && available >= 2)
    {
      const char *utf16 = NULL;

      if ((head[0] == 0xFF && head[1] == 0xFE) || (head[0] != 0 && head[1] == 0))
        utf16 = "UTF-16LE";
      else if ((head[0] == 0xFE && head[1] == 0xFF) || (head[0] == 0 && head[1] != 0))
        utf16 = "UTF-16BE";

      /* The byte order mark comes out as a UTF-8 one, which the CSV
       * reader skips. */
      if (utf16 != NULL)
        converter = G_CONVERTER (g_charset_converter_new ("UTF-8", utf16, error));
      if (utf16 != NULL && converter == NULL)
        return NULL;
    }

  if (converter == NULL)
    converter = g_object_new (RAPPORT_TYPE_UTF8_CHECK, NULL);

  return g_converter_input_stream_new (buffered, converter);
}
