/* rapport-notice-text.c
 *
 * The templates of renewal notices and their renderer. The templates are
 * marked NOTICE_TEXT () for the "rapport-notices" domain
 * (po-notices/POTFILES.in, keyword NOTICE_TEXT:1c,2), not with glib's
 * NOTICE_TEXT (), which marks strings of the application's domain: this file has
 * no strings of that domain, so it is not in po/POTFILES.in. They are
 * looked up with rapport_catalog_lookup() in the catalog of the
 * customer's language, never through gettext(), whose language is the
 * process's.
 *
 * Placeholders are {name} words the renderer substitutes, so translators
 * can put them in any order: no printf format reaches a translation.
 */

#define G_LOG_DOMAIN "rapport-notice-text"

#include "config.h"

#include <string.h>

#include <glib.h>

#include "rapport-catalog.h"
#include "rapport-error.h"
#include "rapport-locale.h"
#include "rapport-notice-text.h"
#include "rapport-validate.h"

/* Marks a template of the notices' catalog (context, text). */
#define NOTICE_TEXT(context, text) (text)

typedef struct
{
  const char *context;
  const char *text;
} Template;

/* Greetings, one per way of addressing the customer. */
typedef enum
{
  GREETING_MS,
  GREETING_MRS,
  GREETING_MISS,
  GREETING_MR,
  GREETING_MX,
  GREETING_DOCTOR_WOMAN,
  GREETING_DOCTOR_MAN,
  GREETING_DOCTOR,
  GREETING_PROFESSOR_WOMAN,
  GREETING_PROFESSOR_MAN,
  GREETING_PROFESSOR,
  GREETING_PERSON,
  GREETING_FIRST_NAME,
  GREETING_ORGANIZATION,
  N_GREETINGS
} Greeting;

/* Each context says who is greeted, so that translators can write the
 * honorific and grammatical gender their language uses. */
static const Template greetings[] = {
  /* Translators: greeting of a renewal notice to a woman addressed as
   * "Ms." (or Frau, Mme, Sra.). {family_name} is her family name; you may
   * also use {customer} (full name) and {given_name}. Include the
   * punctuation your language puts after a greeting. */
  { "notice greeting: woman (Ms.)", NOTICE_TEXT ("notice greeting: woman (Ms.)", "Dear Ms. {family_name},") },
  /* Translators: greeting of a renewal notice to a woman who asked to be
   * addressed as "Mrs."; {family_name} is her family name. Use your
   * language's usual honorific for a woman if it makes no difference. */
  { "notice greeting: married woman (Mrs.)", NOTICE_TEXT ("notice greeting: married woman (Mrs.)", "Dear Mrs. {family_name},") },
  /* Translators: greeting of a renewal notice to a woman addressed as
   * "Miss" (or Mlle, Srta.); {family_name} is her family name. Use your
   * language's usual honorific for a woman if it no longer distinguishes. */
  { "notice greeting: unmarried woman (Miss)", NOTICE_TEXT ("notice greeting: unmarried woman (Miss)", "Dear Miss {family_name},") },
  /* Translators: greeting of a renewal notice to a man addressed as "Mr."
   * (or Herr, M., Sr.); {family_name} is his family name. */
  { "notice greeting: man (Mr.)", NOTICE_TEXT ("notice greeting: man (Mr.)", "Dear Mr. {family_name},") },
  /* Translators: greeting of a renewal notice to a person who asked for
   * the gender-neutral title "Mx."; {family_name} is their family name,
   * {customer} their full name. Where your language has no such title,
   * use a polite greeting that does not state a gender. */
  { "notice greeting: gender-neutral title (Mx.)", NOTICE_TEXT ("notice greeting: gender-neutral title (Mx.)", "Dear Mx. {family_name},") },
  /* Translators: greeting of a renewal notice to a woman with a doctorate
   * ("Dr."); {family_name} is her family name. */
  { "notice greeting: woman with a doctorate", NOTICE_TEXT ("notice greeting: woman with a doctorate", "Dear Dr. {family_name},") },
  /* Translators: greeting of a renewal notice to a man with a doctorate
   * ("Dr."); {family_name} is his family name. */
  { "notice greeting: man with a doctorate", NOTICE_TEXT ("notice greeting: man with a doctorate", "Dear Dr. {family_name},") },
  /* Translators: greeting of a renewal notice to a person with a
   * doctorate whose gender is not known; {family_name} is their family
   * name, {customer} their full name. Do not assume a gender. */
  { "notice greeting: doctorate, gender unknown", NOTICE_TEXT ("notice greeting: doctorate, gender unknown", "Dear Dr. {family_name},") },
  /* Translators: greeting of a renewal notice to a woman who is a
   * professor; {family_name} is her family name. */
  { "notice greeting: woman, professor", NOTICE_TEXT ("notice greeting: woman, professor", "Dear Professor {family_name},") },
  /* Translators: greeting of a renewal notice to a man who is a
   * professor; {family_name} is his family name. */
  { "notice greeting: man, professor", NOTICE_TEXT ("notice greeting: man, professor", "Dear Professor {family_name},") },
  /* Translators: greeting of a renewal notice to a professor whose
   * gender is not known; {family_name} is their family name, {customer}
   * their full name. Do not assume a gender. */
  { "notice greeting: professor, gender unknown", NOTICE_TEXT ("notice greeting: professor, gender unknown", "Dear Professor {family_name},") },
  /* Translators: greeting of a renewal notice to a person whose form of
   * address is not known (no title, or one we do not recognize):
   * {customer} is their full name as written in the CRM. Do not assume a
   * gender; your language's neutral formal greeting is right here. */
  { "notice greeting: person, no known title", NOTICE_TEXT ("notice greeting: person, no known title", "Dear {customer},") },
  /* Translators: greeting of a renewal notice to a customer on
   * first-name basis; {given_name} is their given (first) name. */
  { "notice greeting: first-name basis", NOTICE_TEXT ("notice greeting: first-name basis", "Dear {given_name},") },
  /* Translators: greeting of a renewal notice to an organization (a
   * company, not a person): your language's greeting for a letter to
   * whom it may concern. {customer} is the organization's name, should
   * your language name it. */
  { "notice greeting: organization", NOTICE_TEXT ("notice greeting: organization", "Dear Sir or Madam,") },
};

G_STATIC_ASSERT (G_N_ELEMENTS (greetings) == N_GREETINGS);

/* Letters: subject and body for the two kinds of notice, with and
 * without a value. */
typedef enum
{
  TEXT_RENEWAL_SUBJECT,
  TEXT_RENEWAL_BODY,
  TEXT_RENEWAL_BODY_NO_VALUE,
  TEXT_COURTESY_SUBJECT,
  TEXT_COURTESY_BODY,
  TEXT_COURTESY_BODY_NO_VALUE,
  TEXT_SIGNATURE,
  N_TEXTS
} Text;

static const Template texts[] = {
  /* Translators: subject of the renewal notice for a contract that ends
   * and does not renew by itself. {product} is the product or service
   * ("Premium Support"), {end_date} the date the contract ends, already
   * written in your language ("31 December 2026"). */
  { "renewal notice", NOTICE_TEXT ("renewal notice", "Your {product} contract ends on {end_date}") },
  /* Translators: body of the renewal notice for a contract that ends and
   * does not renew by itself. Keep every placeholder: {greeting} is the
   * greeting line ("Dear Ms. Okafor,"), {product} the product or service,
   * {end_date} the date the contract ends ("31 December 2026"), {value}
   * the contract's value with its currency ("€1,234.50"), {signature}
   * the sender's name and business, one per line. Write the closing
   * your language's business letters use. */
  { "renewal notice", NOTICE_TEXT ("renewal notice", "{greeting}\n"
                          "\n"
                          "Your contract for {product} ends on {end_date}. Its current value is {value}.\n"
                          "\n"
                          "We would be glad to continue working with you. Please let us know whether you "
                          "would like to renew, or get in touch if you would like to discuss any changes.\n"
                          "\n"
                          "Kind regards,\n"
                          "{signature}") },
  /* Translators: the same renewal notice for a contract without a value.
   * {greeting} is the greeting line, {product} the product or service,
   * {end_date} the date the contract ends, {signature} the sender's name
   * and business. */
  { "renewal notice", NOTICE_TEXT ("renewal notice", "{greeting}\n"
                          "\n"
                          "Your contract for {product} ends on {end_date}.\n"
                          "\n"
                          "We would be glad to continue working with you. Please let us know whether you "
                          "would like to renew, or get in touch if you would like to discuss any changes.\n"
                          "\n"
                          "Kind regards,\n"
                          "{signature}") },
  /* Translators: subject of the courtesy notice for a contract that renews
   * by itself. {product} is the product or service ("Premium Support"). */
  { "courtesy notice", NOTICE_TEXT ("courtesy notice", "Your {product} contract will renew automatically") },
  /* Translators: body of the courtesy notice for a contract that renews by
   * itself: the customer need not do anything. Keep every placeholder:
   * {greeting} is the greeting line, {product} the product or service,
   * {end_date} the last day of the current term ("31 December 2026"),
   * {value} the value of the new term with its currency ("€1,234.50"),
   * {signature} the sender's name and business, one per line. */
  { "courtesy notice", NOTICE_TEXT ("courtesy notice", "{greeting}\n"
                           "\n"
                           "This is a courtesy reminder that your contract for {product} will renew "
                           "automatically when its current term ends on {end_date}. The value of the "
                           "new term is {value}.\n"
                           "\n"
                           "There is nothing you need to do. If you would like to change or cancel the "
                           "contract, please let us know before {end_date}.\n"
                           "\n"
                           "Kind regards,\n"
                           "{signature}") },
  /* Translators: the same courtesy notice for a contract without a value.
   * {greeting} is the greeting line, {product} the product or service,
   * {end_date} the last day of the current term, {signature} the sender's
   * name and business. */
  { "courtesy notice", NOTICE_TEXT ("courtesy notice", "{greeting}\n"
                           "\n"
                           "This is a courtesy reminder that your contract for {product} will renew "
                           "automatically when its current term ends on {end_date}.\n"
                           "\n"
                           "There is nothing you need to do. If you would like to change or cancel the "
                           "contract, please let us know before {end_date}.\n"
                           "\n"
                           "Kind regards,\n"
                           "{signature}") },
  /* Translators: the signature under a notice: {owner} is the sender's
   * name, {business} the business's name; put them in the order your
   * language's letters do. A line left empty (no name set) is dropped. */
  { "notice signature", NOTICE_TEXT ("notice signature", "{owner}\n{business}") },
};

G_STATIC_ASSERT (G_N_ELEMENTS (texts) == N_TEXTS);

/* The placeholders each kind of template may use. */
static const char * const greeting_placeholders[] = {
  "customer", "family_name", "given_name", NULL
};
static const char * const letter_placeholders[] = {
  "greeting", "customer", "product", "end_date", "value", "business", "owner", "signature", NULL
};
static const char * const signature_placeholders[] = {
  "owner", "business", NULL
};

/* Forms of address, as typed by the user ("Ms.", "Frau Dr.", "Herr Prof.
 * Dr.", "Sra."): each word, in any case and with or without its final
 * dot, may say the gender and the honorific, or an academic title. Words
 * not in the table are ignored; a form with no known word gets the
 * neutral greeting. */
typedef enum
{
  HONORIFIC_NONE,
  HONORIFIC_MS,
  HONORIFIC_MRS,
  HONORIFIC_MISS,
  HONORIFIC_MR,
  HONORIFIC_MX,
} Honorific;

typedef enum
{
  GENDER_UNKNOWN,
  GENDER_WOMAN,
  GENDER_MAN,
} Gender;

typedef enum
{
  TITLE_NONE,
  TITLE_DOCTOR,
  TITLE_PROFESSOR,   /* outranks a doctorate */
} Title;

static const struct
{
  const char *word;
  Honorific   honorific;
  Gender      gender;
  Title       title;
} address_words[] = {
  /* English */
  { "ms", HONORIFIC_MS, GENDER_WOMAN, TITLE_NONE },
  { "mrs", HONORIFIC_MRS, GENDER_WOMAN, TITLE_NONE },
  { "miss", HONORIFIC_MISS, GENDER_WOMAN, TITLE_NONE },
  { "mr", HONORIFIC_MR, GENDER_MAN, TITLE_NONE },
  { "mx", HONORIFIC_MX, GENDER_UNKNOWN, TITLE_NONE },
  { "dr", HONORIFIC_NONE, GENDER_UNKNOWN, TITLE_DOCTOR },
  { "doctor", HONORIFIC_NONE, GENDER_UNKNOWN, TITLE_DOCTOR },
  { "prof", HONORIFIC_NONE, GENDER_UNKNOWN, TITLE_PROFESSOR },
  { "professor", HONORIFIC_NONE, GENDER_UNKNOWN, TITLE_PROFESSOR },
  /* German */
  { "frau", HONORIFIC_MS, GENDER_WOMAN, TITLE_NONE },
  { "fr", HONORIFIC_MS, GENDER_WOMAN, TITLE_NONE },
  { "herr", HONORIFIC_MR, GENDER_MAN, TITLE_NONE },
  { "hr", HONORIFIC_MR, GENDER_MAN, TITLE_NONE },
  { "doktor", HONORIFIC_NONE, GENDER_UNKNOWN, TITLE_DOCTOR },
  { "professorin", HONORIFIC_NONE, GENDER_WOMAN, TITLE_PROFESSOR },
  /* French */
  { "mme", HONORIFIC_MS, GENDER_WOMAN, TITLE_NONE },
  { "madame", HONORIFIC_MS, GENDER_WOMAN, TITLE_NONE },
  { "mlle", HONORIFIC_MISS, GENDER_WOMAN, TITLE_NONE },
  { "mademoiselle", HONORIFIC_MISS, GENDER_WOMAN, TITLE_NONE },
  { "m", HONORIFIC_MR, GENDER_MAN, TITLE_NONE },
  { "monsieur", HONORIFIC_MR, GENDER_MAN, TITLE_NONE },
  { "docteur", HONORIFIC_NONE, GENDER_UNKNOWN, TITLE_DOCTOR },
  { "docteure", HONORIFIC_NONE, GENDER_WOMAN, TITLE_DOCTOR },
  { "professeur", HONORIFIC_NONE, GENDER_UNKNOWN, TITLE_PROFESSOR },
  { "professeure", HONORIFIC_NONE, GENDER_WOMAN, TITLE_PROFESSOR },
  /* Spanish */
  { "sra", HONORIFIC_MS, GENDER_WOMAN, TITLE_NONE },
  { "señora", HONORIFIC_MS, GENDER_WOMAN, TITLE_NONE },
  { "srta", HONORIFIC_MISS, GENDER_WOMAN, TITLE_NONE },
  { "señorita", HONORIFIC_MISS, GENDER_WOMAN, TITLE_NONE },
  { "sr", HONORIFIC_MR, GENDER_MAN, TITLE_NONE },
  { "señor", HONORIFIC_MR, GENDER_MAN, TITLE_NONE },
  { "dra", HONORIFIC_NONE, GENDER_WOMAN, TITLE_DOCTOR },
  { "profesor", HONORIFIC_NONE, GENDER_MAN, TITLE_PROFESSOR },
  { "profesora", HONORIFIC_NONE, GENDER_WOMAN, TITLE_PROFESSOR },
  /* Italian */
  { "sig.ra", HONORIFIC_MS, GENDER_WOMAN, TITLE_NONE },
  { "signora", HONORIFIC_MS, GENDER_WOMAN, TITLE_NONE },
  { "sig", HONORIFIC_MR, GENDER_MAN, TITLE_NONE },
  { "signor", HONORIFIC_MR, GENDER_MAN, TITLE_NONE },
  { "dott", HONORIFIC_NONE, GENDER_MAN, TITLE_DOCTOR },
  { "dott.ssa", HONORIFIC_NONE, GENDER_WOMAN, TITLE_DOCTOR },
};

static const char *
nonempty (const char *text)
{
  return text != NULL && *text != '\0' ? text : NULL;
}

static Greeting
choose_greeting (const RapportCustomer *customer)
{
  g_auto(GStrv) words = NULL;
  Honorific honorific = HONORIFIC_NONE;
  Gender gender = GENDER_UNKNOWN;
  Title title = TITLE_NONE;

  if (customer->kind == RAPPORT_CUSTOMER_KIND_ORGANIZATION)
    return GREETING_ORGANIZATION;

  if (customer->first_name_basis && nonempty (customer->given_name))
    return GREETING_FIRST_NAME;

  if (!nonempty (customer->family_name) || !nonempty (customer->form_of_address))
    return GREETING_PERSON;

  words = g_strsplit_set (customer->form_of_address, " \t\n/,", -1);
  for (guint i = 0; words[i] != NULL; i++)
    {
      g_autofree char *word = g_utf8_strdown (words[i], -1);
      gsize length = strlen (word);

      if (length > 0 && word[length - 1] == '.')
        word[length - 1] = '\0';

      for (guint j = 0; j < G_N_ELEMENTS (address_words); j++)
        {
          if (!g_str_equal (word, address_words[j].word))
            continue;

          if (address_words[j].honorific != HONORIFIC_NONE)
            honorific = address_words[j].honorific;
          if (address_words[j].gender != GENDER_UNKNOWN)
            gender = address_words[j].gender;
          title = MAX (title, address_words[j].title);
          break;
        }
    }

  /* "Mx." says the person is of neither gender the table knows. */
  if (honorific == HONORIFIC_MX)
    gender = GENDER_UNKNOWN;

  switch (title)
    {
    case TITLE_PROFESSOR:
      return gender == GENDER_WOMAN ? GREETING_PROFESSOR_WOMAN
             : gender == GENDER_MAN ? GREETING_PROFESSOR_MAN
             : GREETING_PROFESSOR;
    case TITLE_DOCTOR:
      return gender == GENDER_WOMAN ? GREETING_DOCTOR_WOMAN
             : gender == GENDER_MAN ? GREETING_DOCTOR_MAN
             : GREETING_DOCTOR;
    case TITLE_NONE:
    default:
      break;
    }

  switch (honorific)
    {
    case HONORIFIC_MS:
      return GREETING_MS;
    case HONORIFIC_MRS:
      return GREETING_MRS;
    case HONORIFIC_MISS:
      return GREETING_MISS;
    case HONORIFIC_MR:
      return GREETING_MR;
    case HONORIFIC_MX:
      return GREETING_MX;
    case HONORIFIC_NONE:
    default:
      return GREETING_PERSON;
    }
}

/* Calls @func for each {name} in @text, a name being [a-z_]+; stops
 * when it returns FALSE. */
typedef gboolean (*PlaceholderFunc) (const char *name,
                                     gsize       length,
                                     gpointer    user_data);

static gboolean
foreach_placeholder (const char      *text,
                     PlaceholderFunc  func,
                     gpointer         user_data)
{
  for (const char *p = strchr (text, '{'); p != NULL; p = strchr (p + 1, '{'))
    {
      const char *name = p + 1;
      gsize length = 0;

      while (name[length] == '_' || (name[length] >= 'a' && name[length] <= 'z'))
        length++;

      if (length > 0 && name[length] == '}' && !func (name, length, user_data))
        return FALSE;
    }

  return TRUE;
}

static gboolean
in_list (const char         *name,
         gsize               length,
         const char * const *list)
{
  for (guint i = 0; list[i] != NULL; i++)
    if (strlen (list[i]) == length && strncmp (list[i], name, length) == 0)
      return TRUE;

  return FALSE;
}

static gboolean
allowed_cb (const char *name,
            gsize       length,
            gpointer    user_data)
{
  return in_list (name, length, user_data);
}

static gboolean
in_translation_cb (const char *name,
                   gsize       length,
                   gpointer    user_data)
{
  const char *translation = user_data;
  g_autofree char *wanted = g_strdup_printf ("{%.*s}", (int) length, name);

  return strstr (translation, wanted) != NULL;
}

/* The text of @template in @catalog (NULL: the English source), or NULL
 * when a catalog of another language lacks it, or its translation uses a
 * placeholder outside @allowed, or (@keep_all) drops one of the
 * source's. */
static const char *
lookup (RapportCatalog     *catalog,
        gboolean            english,
        const Template     *template,
        const char * const *allowed,
        gboolean            keep_all)
{
  const char *translation;

  if (catalog == NULL)
    return template->text;

  translation = rapport_catalog_lookup (catalog, template->context, template->text);
  if (translation == template->text)
    return english ? template->text : NULL;

  if (!foreach_placeholder (translation, allowed_cb, (gpointer) allowed) ||
      (keep_all && !foreach_placeholder (template->text, in_translation_cb, (gpointer) translation)))
    {
      g_debug ("The %s translation of “%s” (%s) has placeholders it may not have",
               rapport_catalog_get_language (catalog), template->text, template->context);
      return english ? template->text : NULL;
    }

  return translation;
}

/* @text with each {name} found in @values (name, value, ..., NULL)
 * replaced; anything else is copied as it is. */
static char *
substitute (const char         *text,
            const char * const *values)
{
  GString *out = g_string_new (NULL);
  const char *p = text;

  while (*p != '\0')
    {
      const char *open = strchr (p, '{');
      const char *close;
      gboolean replaced = FALSE;

      if (open == NULL)
        {
          g_string_append (out, p);
          break;
        }

      g_string_append_len (out, p, open - p);
      close = strchr (open, '}');
      if (close != NULL)
        {
          gsize length = close - open - 1;

          for (guint i = 0; values[i] != NULL; i += 2)
            if (strlen (values[i]) == length && strncmp (values[i], open + 1, length) == 0)
              {
                g_string_append (out, values[i + 1] != NULL ? values[i + 1] : "");
                replaced = TRUE;
                break;
              }
        }

      if (replaced)
        p = close + 1;
      else
        {
          g_string_append_c (out, '{');
          p = open + 1;
        }
    }

  return g_string_free (out, FALSE);
}

/* Drops blank lines (a signature line whose name is not set). */
static char *
drop_blank_lines (const char *text)
{
  g_auto(GStrv) lines = g_strsplit (text, "\n", -1);
  GString *out = g_string_new (NULL);

  for (guint i = 0; lines[i] != NULL; i++)
    {
      g_strstrip (lines[i]);
      if (*lines[i] == '\0')
        continue;
      if (out->len > 0)
        g_string_append_c (out, '\n');
      g_string_append (out, lines[i]);
    }

  return g_string_free (out, FALSE);
}

/* Trailing spaces off every line, and blank lines off the end. */
static char *
tidy_body (const char *text)
{
  g_auto(GStrv) lines = g_strsplit (text, "\n", -1);
  GString *out = g_string_new (NULL);

  for (guint i = 0; lines[i] != NULL; i++)
    {
      g_strchomp (lines[i]);
      if (i > 0)
        g_string_append_c (out, '\n');
      g_string_append (out, lines[i]);
    }

  while (out->len > 0 && out->str[out->len - 1] == '\n')
    g_string_truncate (out, out->len - 1);

  return g_string_free (out, FALSE);
}

static char *
one_line (const char *text)
{
  char *line = g_strdup (text);

  g_strdelimit (line, "\r\n\t", ' ');
  return g_strstrip (line);
}

static gboolean
is_english (const char *tag)
{
  return g_ascii_strncasecmp (tag, "en", 2) == 0 && (tag[2] == '\0' || tag[2] == '-');
}

/* Writes the notice in @tag from @catalog (NULL: English source); FALSE
 * when the catalog cannot write all of it. */
static gboolean
compose (const RapportCustomer          *customer,
         const RapportContract          *contract,
         const RapportNoticeTextOptions *options,
         const char                     *tag,
         RapportCatalog                 *catalog,
         RapportNoticeText              *out)
{
  gboolean english = is_english (tag);
  gboolean with_value = contract->value != 0;
  Text subject_id, body_id;
  const char *greeting_template, *signature_template, *subject_template, *body_template;
  g_autofree char *full_name = NULL;
  g_autofree char *product = NULL;
  g_autofree char *greeting = NULL;
  g_autofree char *signature_text = NULL;
  g_autofree char *signature = NULL;
  g_autofree char *end_date = NULL;
  g_autofree char *value = NULL;
  g_autofree char *body = NULL;
  g_autofree char *subject = NULL;

  if (contract->auto_renew)
    {
      subject_id = TEXT_COURTESY_SUBJECT;
      body_id = with_value ? TEXT_COURTESY_BODY : TEXT_COURTESY_BODY_NO_VALUE;
    }
  else
    {
      subject_id = TEXT_RENEWAL_SUBJECT;
      body_id = with_value ? TEXT_RENEWAL_BODY : TEXT_RENEWAL_BODY_NO_VALUE;
    }

  greeting_template = lookup (catalog, english, &greetings[choose_greeting (customer)],
                              greeting_placeholders, FALSE);
  signature_template = lookup (catalog, english, &texts[TEXT_SIGNATURE], signature_placeholders, TRUE);
  subject_template = lookup (catalog, english, &texts[subject_id], letter_placeholders, TRUE);
  body_template = lookup (catalog, english, &texts[body_id], letter_placeholders, TRUE);

  if (greeting_template == NULL || signature_template == NULL ||
      subject_template == NULL || body_template == NULL)
    return FALSE;

  if (nonempty (customer->display_name))
    full_name = g_strstrip (g_strdup (customer->display_name));
  else
    full_name = g_strstrip (g_strjoin (" ",
                                       nonempty (customer->given_name) ? customer->given_name : "",
                                       nonempty (customer->family_name) ? customer->family_name : "",
                                       NULL));
  product = one_line (contract->product);

  /* ICU fails only without memory or data; the notice is still
   * readable with the date and amount as the CRM stores them. */
  end_date = rapport_locale_format_date (contract->end_date, tag);
  if (end_date == NULL)
    end_date = g_strdup (contract->end_date);
  if (with_value)
    {
      value = rapport_locale_format_money (contract->value, contract->currency, tag);
      if (value == NULL && rapport_currency_exponent (contract->currency, "currency", NULL) >= 0)
        {
          g_autofree char *plain = rapport_format_money_plain (contract->value, contract->currency);

          value = g_strdup_printf ("%s %s", plain, contract->currency);
        }
      else if (value == NULL)
        value = g_strdup_printf ("%" G_GINT64_FORMAT " %s", contract->value, contract->currency);
    }

  {
    const char * const names[] = {
      "customer", full_name,
      "family_name", customer->family_name,
      "given_name", customer->given_name,
      NULL
    };
    g_autofree char *raw = substitute (greeting_template, names);

    greeting = tidy_body (raw);
  }

  {
    const char * const names[] = {
      "owner", options->owner_name,
      "business", options->business_name,
      NULL
    };

    signature_text = substitute (signature_template, names);
    signature = drop_blank_lines (signature_text);
  }

  {
    const char * const values[] = {
      "greeting", greeting,
      "customer", full_name,
      "product", product,
      "end_date", end_date,
      "value", value,
      "business", options->business_name,
      "owner", options->owner_name,
      "signature", signature,
      NULL
    };
    g_autofree char *raw_subject = substitute (subject_template, values);
    g_autofree char *raw_body = substitute (body_template, values);

    subject = one_line (raw_subject);
    body = tidy_body (raw_body);
  }

  out->language = g_strdup (tag);
  out->subject = g_steal_pointer (&subject);
  out->body = g_steal_pointer (&body);
  return TRUE;
}

static void
add_candidate (GPtrArray  *tags,
               const char *tag)
{
  char *normalized;

  if (!nonempty (tag))
    return;

  normalized = rapport_language_tag_normalize (tag, "language", NULL);
  if (normalized == NULL)
    return;

  for (guint i = 0; i < tags->len; i++)
    if (g_ascii_strcasecmp (g_ptr_array_index (tags, i), normalized) == 0)
      {
        g_free (normalized);
        return;
      }

  g_ptr_array_add (tags, normalized);
}

gboolean
rapport_notice_render (const RapportCustomer           *customer,
                       const RapportContract           *contract,
                       const RapportNoticeTextOptions  *options,
                       RapportNoticeText               *out,
                       GError                         **error)
{
  static const RapportNoticeTextOptions no_options = { NULL };
  g_autoptr(GPtrArray) tags = g_ptr_array_new_with_free_func (g_free);
  const char *localedir;

  g_return_val_if_fail (customer != NULL, FALSE);
  g_return_val_if_fail (contract != NULL, FALSE);
  g_return_val_if_fail (contract->product != NULL && contract->end_date != NULL, FALSE);
  g_return_val_if_fail (contract->value == 0 || contract->currency != NULL, FALSE);
  g_return_val_if_fail (out != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  rapport_notice_text_clear (out);

  if (options == NULL)
    options = &no_options;

  localedir = options->localedir;
  if (!nonempty (localedir))
    localedir = g_getenv ("RAPPORT_NOTICES_LOCALEDIR");
  if (!nonempty (localedir))
    localedir = LOCALEDIR;

  add_candidate (tags, options->language);
  add_candidate (tags, customer->language);
  add_candidate (tags, options->business_language);
  add_candidate (tags, "en");

  for (guint i = 0; i < tags->len; i++)
    {
      const char *tag = g_ptr_array_index (tags, i);
      g_autoptr(RapportCatalog) catalog = NULL;
      g_autoptr(GError) local_error = NULL;

      catalog = rapport_catalog_load (RAPPORT_NOTICES_DOMAIN, tag, localedir, &local_error);
      if (catalog == NULL)
        {
          if (!g_error_matches (local_error, RAPPORT_ERROR, RAPPORT_ERROR_NOT_FOUND))
            {
              g_propagate_error (error, g_steal_pointer (&local_error));
              return FALSE;
            }
          if (!is_english (tag))
            continue;
        }

      if (compose (customer, contract, options, tag, catalog, out))
        return TRUE;
    }

  /* "en" is always a candidate and English never lacks a string. */
  g_assert_not_reached ();
  return FALSE;
}

void
rapport_notice_text_clear (RapportNoticeText *self)
{
  g_return_if_fail (self != NULL);

  g_clear_pointer (&self->language, g_free);
  g_clear_pointer (&self->subject, g_free);
  g_clear_pointer (&self->body, g_free);
}

static void
append_encoded (GString    *out,
                const char *text,
                gboolean    keep_at)
{
  static const char hex[] = "0123456789ABCDEF";

  for (const guchar *p = (const guchar *) text; *p != '\0'; p++)
    {
      if (g_ascii_isalnum (*p) || *p == '-' || *p == '.' || *p == '_' || *p == '~' ||
          (keep_at && *p == '@'))
        g_string_append_c (out, *p);
      else
        {
          g_string_append_c (out, '%');
          g_string_append_c (out, hex[*p >> 4]);
          g_string_append_c (out, hex[*p & 0xf]);
        }
    }
}

char *
rapport_notice_mailto (const char *to_email,
                       const char *subject,
                       const char *body)
{
  GString *uri = g_string_new ("mailto:");
  char separator = '?';

  if (nonempty (to_email))
    append_encoded (uri, to_email, TRUE);

  if (nonempty (subject))
    {
      g_autofree char *line = g_strdup (subject);

      g_strdelimit (line, "\r\n", ' ');
      g_string_append_c (uri, separator);
      g_string_append (uri, "subject=");
      append_encoded (uri, line, FALSE);
      separator = '&';
    }

  if (nonempty (body))
    {
      g_autoptr(GString) crlf = g_string_new (NULL);

      /* Every line break, whatever its form, becomes CRLF. */
      for (const char *p = body; *p != '\0'; p++)
        {
          if (*p == '\r' || *p == '\n')
            {
              g_string_append (crlf, "\r\n");
              if (*p == '\r' && p[1] == '\n')
                p++;
            }
          else
            g_string_append_c (crlf, *p);
        }

      g_string_append_c (uri, separator);
      g_string_append (uri, "body=");
      append_encoded (uri, crlf->str, FALSE);
    }

  return g_string_free (uri, FALSE);
}
