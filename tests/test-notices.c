/* test-notices.c
 *
 * Renewal notices: each language's letters against reviewed texts in
 * tests/notices/, the greeting for each form of address, the fallback
 * from language to language, money and dates through ICU, the .mo
 * reader against damaged files, mailto: URIs, and the daily pass over a
 * store (created once, never twice; auto-renewing contracts roll
 * forward; a refused pass leaves the file as it was; a pass that goes on
 * reports a contract it cannot do and does the others).
 *
 * The catalogs are the ones just built: tests/meson.build points
 * RAPPORT_NOTICES_LOCALEDIR at the build's po-notices/ and makes this
 * test depend on them.
 */

#include "config.h"

#include <string.h>

#include <glib.h>
#include <glib/gstdio.h>

#include "rapport-catalog.h"
#include "rapport-locale.h"
#include "rapport-notice-text.h"
#include "rapport-store-notices.h"
#include "test-util.h"

static const char *
built_localedir (void)
{
  const char *dir = g_getenv ("RAPPORT_NOTICES_LOCALEDIR");

  g_assert_nonnull (dir);
  return dir;
}

static char *
read_expected (const char *name)
{
  g_autofree char *file = g_strconcat (name, ".txt", NULL);
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "notices", file, NULL);
  g_autoptr(GError) error = NULL;
  char *text = NULL;

  g_file_get_contents (path, &text, NULL, &error);
  g_assert_no_error (error);
  return text;
}

/* The text as rapportctl prints it, and as the expected files hold it. */
static char *
as_printed (const RapportNoticeText *text)
{
  return g_strdup_printf ("Subject: %s\n\n%s\n", text->subject, text->body);
}

static void
assert_same_text (const char *actual,
                  const char *expected,
                  const char *name)
{
  if (g_strcmp0 (actual, expected) != 0)
    g_error ("%s: the notice differs from the reviewed text.\n--- expected\n%s--- actual\n%s---",
             name, expected, actual);
}

/* Letters ------------------------------------------------------------ */

typedef struct
{
  const char          *name;            /* tests/notices/NAME.txt */
  RapportCustomerKind  kind;
  const char          *display_name;
  const char          *given_name;
  const char          *family_name;
  const char          *form_of_address;
  gboolean             first_name_basis;
  const char          *language;
  const char          *product;
  gint64               value;
  const char          *currency;
  gboolean             auto_renew;
  const char          *business_language;
  const char          *business_name;
  const char          *owner_name;
  const char          *expected_language;
} LetterCase;

#define PERSON RAPPORT_CUSTOMER_KIND_PERSON
#define ORGANIZATION RAPPORT_CUSTOMER_KIND_ORGANIZATION

static const LetterCase letters[] = {
  { "en-renewal-ms", PERSON, "Amara Okafor", "Amara", "Okafor", "Ms.", FALSE, "en-GB",
    "Premium Support", 123450, "GBP", FALSE, NULL, "Rapport Consulting", "Jordan Ellis", "en-GB" },
  { "en-courtesy-first-name", PERSON, "Amara Okafor", "Amara", "Okafor", "Ms.", TRUE, "en",
    "Cloud Backup", 99900, "USD", TRUE, NULL, "Rapport Consulting", "Jordan Ellis", "en" },
  { "en-renewal-organization-no-value", ORGANIZATION, "Northwind Traders Ltd", NULL, NULL, NULL, FALSE, "en",
    "Maintenance Plan", 0, "EUR", FALSE, NULL, "Rapport Consulting", "Jordan Ellis", "en" },
  { "de-renewal-frau", PERSON, "Anna Müller", "Anna", "Müller", "Frau", FALSE, "de",
    "Premium-Support", 123450, "EUR", FALSE, NULL, "Rapport Beratung GmbH", "Jonas Keller", "de" },
  { "de-renewal-herr-dr", PERSON, "Thomas Becker", "Thomas", "Becker", "Herr Dr.", FALSE, "de-DE",
    "Serverwartung", 48000, "EUR", FALSE, NULL, "Rapport Beratung GmbH", "Jonas Keller", "de-DE" },
  { "de-renewal-unknown-title", PERSON, "Kim Schmidt", "Kim", "Schmidt", NULL, FALSE, "de",
    "Premium-Support", 123450, "EUR", FALSE, NULL, "Rapport Beratung GmbH", "Jonas Keller", "de" },
  { "de-courtesy-first-name", PERSON, "Anna Müller", "Anna", "Müller", "Frau", TRUE, "de",
    "Cloud-Backup", 9900, "EUR", TRUE, NULL, "Rapport Beratung GmbH", "Jonas Keller", "de" },
  { "de-CH-renewal-frau", PERSON, "Laura Meier", "Laura", "Meier", "Frau", FALSE, "de-CH",
    "Premium-Support", 123450, "CHF", FALSE, NULL, "Rapport Beratung AG", "Jonas Keller", "de-CH" },
  { "fr-renewal-madame", PERSON, "Claire Dupont", "Claire", "Dupont", "Mme", FALSE, "fr",
    "Assistance Premium", 123450, "EUR", FALSE, NULL, "Rapport Conseil", "Camille Bernard", "fr" },
  { "fr-courtesy-monsieur", PERSON, "Julien Moreau", "Julien", "Moreau", "M.", FALSE, "fr-FR",
    "Sauvegarde en ligne", 9900, "EUR", TRUE, NULL, "Rapport Conseil", "Camille Bernard", "fr-FR" },
  { "fr-renewal-organization", ORGANIZATION, "Boulangerie Martin SARL", NULL, NULL, NULL, FALSE, "fr",
    "Maintenance des fours", 250000, "EUR", FALSE, NULL, "Rapport Conseil", "Camille Bernard", "fr" },
  { "es-renewal-sra", PERSON, "Lucía García", "Lucía", "García", "Sra.", FALSE, "es",
    "Soporte Premium", 123450, "EUR", FALSE, NULL, "Rapport Consultores", "Marta Ruiz", "es" },
  { "es-courtesy-sr", PERSON, "Javier López", "Javier", "López", "Sr.", FALSE, "es-ES",
    "Backup Cloud Pro", 9900, "EUR", TRUE, NULL, "Rapport Consultores", "Marta Ruiz", "es-ES" },
  { "ja-renewal-formal", PERSON, "山田 太郎", "太郎", "山田", "Mr.", FALSE, "ja",
    "プレミアムサポート", 150000, "JPY", FALSE, NULL, "株式会社ラポール", "鈴木 一郎", "ja" },
  { "ja-courtesy-first-name", PERSON, "佐藤 花子", "花子", "佐藤", NULL, TRUE, "ja-JP",
    "クラウドバックアップ", 12000, "JPY", TRUE, NULL, "株式会社ラポール", "鈴木 一郎", "ja-JP" },
  { "ja-renewal-organization", ORGANIZATION, "株式会社サンプル", NULL, NULL, NULL, FALSE, "ja",
    "サーバー保守", 300000, "JPY", FALSE, NULL, "株式会社ラポール", "鈴木 一郎", "ja" },
  /* Italian has no catalog: the business's French, formatted as French. */
  { "fallback-it-to-business-fr", PERSON, "Giulia Rossi", "Giulia", "Rossi", "Sig.ra", FALSE, "it",
    "Assistance Premium", 123450, "EUR", FALSE, "fr", "Rapport Conseil", "Camille Bernard", "fr" },
  /* Neither Portuguese nor Swedish has one: English. */
  { "fallback-pt-to-english", PERSON, "João Silva", "João", "Silva", "Sr.", FALSE, "pt-BR",
    "Premium Support", 123450, "EUR", FALSE, "sv", NULL, "Jordan Ellis", "en" },
};

static RapportCustomer *
customer_for (const LetterCase *c)
{
  RapportCustomer *customer = rapport_customer_new (c->kind);

  customer->display_name = g_strdup (c->display_name);
  customer->given_name = g_strdup (c->given_name);
  customer->family_name = g_strdup (c->family_name);
  customer->form_of_address = g_strdup (c->form_of_address);
  customer->first_name_basis = c->first_name_basis;
  customer->language = g_strdup (c->language);

  return customer;
}

static RapportContract *
contract_for (const LetterCase *c)
{
  RapportContract *contract = rapport_contract_new ();

  contract->product = g_strdup (c->product);
  contract->start_date = g_strdup ("2026-01-01");
  contract->end_date = g_strdup ("2026-12-31");
  contract->value = c->value;
  contract->currency = g_strdup (c->currency);
  contract->auto_renew = c->auto_renew;

  return contract;
}

static void
test_letter (gconstpointer data)
{
  const LetterCase *c = data;
  g_autoptr(RapportCustomer) customer = customer_for (c);
  g_autoptr(RapportContract) contract = contract_for (c);
  g_auto(RapportNoticeText) text = { NULL };
  g_autoptr(GError) error = NULL;
  g_autofree char *expected = read_expected (c->name);
  g_autofree char *actual = NULL;
  const RapportNoticeTextOptions options = {
    .business_language = c->business_language,
    .business_name = c->business_name,
    .owner_name = c->owner_name,
  };

  g_assert_true (rapport_notice_render (customer, contract, &options, &text, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (text.language, ==, c->expected_language);

  actual = as_printed (&text);
  assert_same_text (actual, expected, c->name);
}

/* Greetings ---------------------------------------------------------- */

typedef struct
{
  const char          *language;
  RapportCustomerKind  kind;
  const char          *form_of_address;
  gboolean             first_name_basis;
  const char          *display_name;
  const char          *given_name;
  const char          *family_name;
  const char          *expected;
} GreetingCase;

static const GreetingCase greeting_cases[] = {
  { "en", PERSON, "Mrs.", FALSE, "Amara Okafor", "Amara", "Okafor", "Dear Mrs. Okafor," },
  { "en", PERSON, "miss", FALSE, "Amara Okafor", "Amara", "Okafor", "Dear Miss Okafor," },
  { "en", PERSON, "MR", FALSE, "Amara Okafor", "Amara", "Okafor", "Dear Mr. Okafor," },
  { "en", PERSON, "Mx.", FALSE, "Amara Okafor", "Amara", "Okafor", "Dear Mx. Okafor," },
  { "en", PERSON, "Dr.", FALSE, "Amara Okafor", "Amara", "Okafor", "Dear Dr. Okafor," },
  { "en", PERSON, "Prof. Dr.", FALSE, "Amara Okafor", "Amara", "Okafor", "Dear Professor Okafor," },
  /* A title the table does not know: the neutral greeting. */
  { "en", PERSON, "Rev.", FALSE, "Amara Okafor", "Amara", "Okafor", "Dear Amara Okafor," },
  /* No family name: nothing to put after a title. */
  { "en", PERSON, "Ms.", FALSE, "Amara", "Amara", NULL, "Dear Amara," },
  /* First-name basis without a given name: formal. */
  { "en", PERSON, "Ms.", TRUE, "Okafor", NULL, "Okafor", "Dear Ms. Okafor," },
  { "en", ORGANIZATION, "Ms.", TRUE, "Northwind Traders Ltd", "Amara", "Okafor", "Dear Sir or Madam," },
  { "de", PERSON, "Ms.", FALSE, "Alex Weber", "Alex", "Weber", "Sehr geehrte Frau Weber," },
  { "de", PERSON, "Mr", FALSE, "Alex Weber", "Alex", "Weber", "Sehr geehrter Herr Weber," },
  { "de", PERSON, "Fr.", FALSE, "Alex Weber", "Alex", "Weber", "Sehr geehrte Frau Weber," },
  { "de", PERSON, "Frau Dr.", FALSE, "Alex Weber", "Alex", "Weber", "Sehr geehrte Frau Dr. Weber," },
  { "de", PERSON, "Frau Prof. Dr.", FALSE, "Alex Weber", "Alex", "Weber", "Sehr geehrte Frau Professorin Weber," },
  { "de", PERSON, "Herr Prof.", FALSE, "Alex Weber", "Alex", "Weber", "Sehr geehrter Herr Professor Weber," },
  { "de", PERSON, "Professorin", FALSE, "Alex Weber", "Alex", "Weber", "Sehr geehrte Frau Professorin Weber," },
  { "de", PERSON, "Dr.", FALSE, "Alex Weber", "Alex", "Weber", "Guten Tag Dr. Weber," },
  { "de", PERSON, "Prof.", FALSE, "Alex Weber", "Alex", "Weber", "Guten Tag Prof. Weber," },
  { "de", PERSON, "Mx.", FALSE, "Alex Weber", "Alex", "Weber", "Guten Tag Alex Weber," },
  { "de", PERSON, "Mx. Dr.", FALSE, "Alex Weber", "Alex", "Weber", "Guten Tag Dr. Weber," },
  { "de", PERSON, "Herr", TRUE, "Alex Weber", "Alex", "Weber", "Hallo Alex," },
  { "de", ORGANIZATION, NULL, FALSE, "Northwind Traders Ltd", NULL, NULL, "Sehr geehrte Damen und Herren," },
  { "fr", PERSON, "Madame", FALSE, "Claire Dupont", "Claire", "Dupont", "Chère Madame Dupont," },
  { "fr", PERSON, "Mlle", FALSE, "Claire Dupont", "Claire", "Dupont", "Chère Madame Dupont," },
  { "fr", PERSON, "Monsieur", FALSE, "Claire Dupont", "Claire", "Dupont", "Cher Monsieur Dupont," },
  { "fr", PERSON, "Docteure", FALSE, "Claire Dupont", "Claire", "Dupont", "Chère Madame Dupont," },
  { "fr", PERSON, "Dr.", FALSE, "Claire Dupont", "Claire", "Dupont", "Madame, Monsieur," },
  { "fr", PERSON, "Mx.", FALSE, "Claire Dupont", "Claire", "Dupont", "Bonjour Claire Dupont," },
  { "fr", PERSON, NULL, TRUE, "Claire Dupont", "Claire", "Dupont", "Bonjour Claire," },
  { "es", PERSON, "Srta.", FALSE, "Lucía García", "Lucía", "García", "Estimada Srta. García:" },
  { "es", PERSON, "Señora", FALSE, "Lucía García", "Lucía", "García", "Estimada Sra. García:" },
  { "es", PERSON, "Dra.", FALSE, "Lucía García", "Lucía", "García", "Estimada Dra. García:" },
  { "es", PERSON, "Sr. Dr.", FALSE, "Lucía García", "Lucía", "García", "Estimado Dr. García:" },
  { "es", PERSON, "Profesora", FALSE, "Lucía García", "Lucía", "García", "Estimada profesora García:" },
  { "es", PERSON, "Dr.", FALSE, "Lucía García", "Lucía", "García", "Estimado/a Lucía García:" },
  { "es", PERSON, "Mx.", FALSE, "Lucía García", "Lucía", "García", "Hola, Lucía García:" },
  { "es", PERSON, NULL, TRUE, "Lucía García", "Lucía", "García", "Hola, Lucía:" },
  { "es", ORGANIZATION, NULL, FALSE, "Northwind Traders Ltd", NULL, NULL, "Estimados señores:" },
  { "ja", PERSON, "Ms.", FALSE, "佐藤 花子", "花子", "佐藤", "佐藤様" },
  { "ja", PERSON, "Prof.", FALSE, "佐藤 花子", "花子", "佐藤", "佐藤様" },
  { "ja", PERSON, NULL, FALSE, "佐藤 花子", "花子", "佐藤", "佐藤 花子様" },
  { "ja", PERSON, NULL, TRUE, "佐藤 花子", "花子", "佐藤", "花子さん" },
};

static void
test_greetings (void)
{
  for (guint i = 0; i < G_N_ELEMENTS (greeting_cases); i++)
    {
      const GreetingCase *c = &greeting_cases[i];
      g_autoptr(RapportCustomer) customer = rapport_customer_new (c->kind);
      g_autoptr(RapportContract) contract = rapport_contract_new ();
      g_auto(RapportNoticeText) text = { NULL };
      g_autoptr(GError) error = NULL;
      const char *end;
      g_autofree char *greeting = NULL;

      customer->given_name = g_strdup (c->given_name);
      customer->family_name = g_strdup (c->family_name);
      customer->display_name = g_strdup (c->display_name);
      customer->form_of_address = g_strdup (c->form_of_address);
      customer->first_name_basis = c->first_name_basis;
      customer->language = g_strdup (c->language);
      contract->product = g_strdup ("Premium Support");
      contract->end_date = g_strdup ("2026-12-31");
      contract->currency = g_strdup ("EUR");
      contract->value = 100;

      g_assert_true (rapport_notice_render (customer, contract, NULL, &text, &error));
      g_assert_no_error (error);
      g_assert_cmpstr (text.language, ==, c->language);

      end = strstr (text.body, "\n\n");
      g_assert_nonnull (end);
      greeting = g_strndup (text.body, end - text.body);
      if (g_strcmp0 (greeting, c->expected) != 0)
        g_error ("%s, “%s”%s: greeted “%s”, expected “%s”", c->language,
                 c->form_of_address != NULL ? c->form_of_address : "(none)",
                 c->first_name_basis ? ", first-name basis" : "", greeting, c->expected);
    }

  /* An organization in Japanese: its name, then "the person in charge". */
  {
    g_autoptr(RapportCustomer) customer = rapport_customer_new (ORGANIZATION);
    g_autoptr(RapportContract) contract = rapport_contract_new ();
    g_auto(RapportNoticeText) text = { NULL };
    g_autoptr(GError) error = NULL;

    customer->display_name = g_strdup ("株式会社サンプル");
    customer->language = g_strdup ("ja");
    contract->product = g_strdup ("保守契約");
    contract->end_date = g_strdup ("2026-12-31");
    contract->currency = g_strdup ("JPY");

    g_assert_true (rapport_notice_render (customer, contract, NULL, &text, &error));
    g_assert_no_error (error);
    g_assert_true (g_str_has_prefix (text.body, "株式会社サンプル\nご担当者様\n\n"));
  }
}

/* Every shipped catalog writes every kind of letter for every greeting
 * in its own language: none lacks a string or misuses a placeholder. */
static void
test_catalogs_complete (void)
{
  const char *languages[] = { "de", "de-CH", "es", "fr", "ja" };
  const char *forms[] = { "Ms.", "Mrs.", "Miss", "Mr.", "Mx.", "Frau Dr.", "Herr Dr.", "Dr.",
                          "Frau Prof.", "Herr Prof.", "Prof.", NULL };

  for (guint l = 0; l < G_N_ELEMENTS (languages); l++)
    for (guint f = 0; f <= G_N_ELEMENTS (forms) + 1; f++)
      for (guint kind = 0; kind < 4; kind++)
        {
          g_autoptr(RapportCustomer) customer = NULL;
          g_autoptr(RapportContract) contract = rapport_contract_new ();
          g_auto(RapportNoticeText) text = { NULL };
          g_autoptr(GError) error = NULL;
          const RapportNoticeTextOptions options = { .business_name = "B", .owner_name = "O" };

          /* f == G_N_ELEMENTS (forms): first-name basis; + 1: an organization. */
          customer = rapport_customer_new (f == G_N_ELEMENTS (forms) + 1 ? ORGANIZATION : PERSON);
          customer->display_name = g_strdup ("Kim Lee");
          customer->given_name = g_strdup ("Kim");
          customer->family_name = g_strdup ("Lee");
          customer->form_of_address = g_strdup (f < G_N_ELEMENTS (forms) ? forms[f] : NULL);
          customer->first_name_basis = f == G_N_ELEMENTS (forms);
          customer->language = g_strdup (languages[l]);
          contract->product = g_strdup ("P");
          contract->end_date = g_strdup ("2026-12-31");
          contract->currency = g_strdup ("EUR");
          contract->auto_renew = kind & 1;
          contract->value = (kind & 2) ? 4200 : 0;

          g_assert_true (rapport_notice_render (customer, contract, &options, &text, &error));
          g_assert_no_error (error);
          g_assert_cmpstr (text.language, ==, languages[l]);
          g_assert_null (strchr (text.subject, '{'));
          g_assert_null (strchr (text.body, '{'));
          g_assert_nonnull (strstr (text.subject, "P"));
          g_assert_nonnull (strstr (text.body, "P"));
          g_assert_true (g_str_has_suffix (text.body, languages[l][0] == 'j' ? "B\nO" : "O\nB"));
          g_assert_true ((strstr (text.body, "42") != NULL) == ((kind & 2) != 0));
        }
}

static void
test_language_choice (void)
{
  g_autoptr(RapportCustomer) customer = rapport_customer_new (PERSON);
  g_autoptr(RapportContract) contract = rapport_contract_new ();
  g_autoptr(GError) error = NULL;
  struct
  {
    const char *override;
    const char *customer;
    const char *business;
    const char *expected;
  } cases[] = {
    { NULL, "fr", "de", "fr" },
    { "es", "fr", "de", "es" },
    { "it", "fr", "de", "fr" },        /* no Italian catalog: the customer's */
    { "it", "pt", "de", "de" },
    { NULL, NULL, "ja", "ja" },
    { NULL, NULL, NULL, "en" },
    { NULL, "en-AU", "de", "en-AU" },  /* English needs no catalog */
    { NULL, "de-AT", NULL, "de-AT" },  /* de_AT falls back to de, the tag keeps AT */
    { NULL, "zh-Hant-TW", "sv", "en" },
    { "not a tag", "fr", NULL, "fr" }, /* an ill-formed override is skipped */
  };

  customer->display_name = g_strdup ("Kim Lee");
  contract->product = g_strdup ("P");
  contract->end_date = g_strdup ("2026-12-31");
  contract->currency = g_strdup ("EUR");

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_auto(RapportNoticeText) text = { NULL };
      const RapportNoticeTextOptions options = {
        .language = cases[i].override,
        .business_language = cases[i].business,
      };

      g_free (customer->language);
      customer->language = g_strdup (cases[i].customer);
      g_assert_true (rapport_notice_render (customer, contract, &options, &text, &error));
      g_assert_no_error (error);
      g_assert_cmpstr (text.language, ==, cases[i].expected);
    }
}

/* Money and dates ---------------------------------------------------- */

static void
test_locale_money (void)
{
  struct
  {
    gint64      minor;
    const char *currency;
    const char *tag;
    const char *expected;
  } cases[] = {
    { 123450, "EUR", "de", "1.234,50\u00a0€" },
    { 123450, "eur", "en", "€1,234.50" },
    { 123450, "EUR", "fr", "1\u202f234,50\u00a0€" },
    { 123450, "EUR", "es", "1.234,50\u00a0€" },
    { 1235, "JPY", "ja", "￥1,235" },
    { 123450, "CHF", "de-CH", "CHF\u00a01’234.50" },
    { 123450, "GBP", "en-GB", "£1,234.50" },
    { 5, "USD", "en-US", "$0.05" },
    { 0, "EUR", "de", "0,00\u00a0€" },
    /* ISO 4217 gives BHD three decimals; so must the text. */
    { 1234, "BHD", "en", "BHD\u00a01.234" },
    /* CLDR writes IQD without decimals; ISO's three are kept, not rounded. */
    { 1234567, "IQD", "en", "IQD\u00a01,234.567" },
    /* Exact at the top of the range: no double in between. */
    { G_MAXINT64, "EUR", "de", "92.233.720.368.547.758,07\u00a0€" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *text = rapport_locale_format_money (cases[i].minor, cases[i].currency, cases[i].tag);

      g_assert_cmpstr (text, ==, cases[i].expected);
    }

  g_assert_null (rapport_locale_format_money (100, "EURO", "de"));
  g_assert_null (rapport_locale_format_money (100, "ZZZ", "de"));
  g_assert_null (rapport_locale_format_money (100, NULL, "de"));
  g_assert_null (rapport_locale_format_money (100, "EUR", "not a tag"));
  g_assert_null (rapport_locale_format_money (100, "EUR", NULL));
}

static void
test_locale_date (void)
{
  struct
  {
    const char *date;
    const char *tag;
    const char *expected;
  } cases[] = {
    { "2026-12-31", "en", "December 31, 2026" },
    { "2026-12-31", "en-GB", "31 December 2026" },
    { "2026-12-31", "de", "31. Dezember 2026" },
    { "2026-12-31", "de-CH", "31. Dezember 2026" },
    { "2026-12-31", "fr", "31 décembre 2026" },
    { "2026-12-31", "es", "31 de diciembre de 2026" },
    { "2026-12-31", "ja", "2026年12月31日" },
    /* The day Berlin changes to summer time, and the first of the epoch:
     * formatted in UTC, nothing shifts. */
    { "2026-03-29", "de", "29. März 2026" },
    { "1970-01-01", "en", "January 1, 1970" },
    /* Proleptic Gregorian, as GDate and SQLite count, before 1582 too. */
    { "1500-03-01", "en", "March 1, 1500" },
    { "2024-02-29", "en-GB", "29 February 2024" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *text = rapport_locale_format_date (cases[i].date, cases[i].tag);

      g_assert_cmpstr (text, ==, cases[i].expected);
    }

  g_assert_null (rapport_locale_format_date ("2026-02-30", "en"));
  g_assert_null (rapport_locale_format_date ("2026-1-1", "en"));
  g_assert_null (rapport_locale_format_date ("2026-01-01T10:00", "en"));
  g_assert_null (rapport_locale_format_date (" 026-01-01", "en"));
  g_assert_null (rapport_locale_format_date ("", "en"));
  g_assert_null (rapport_locale_format_date (NULL, "en"));
  g_assert_null (rapport_locale_format_date ("2026-12-31", "not a tag"));
}

/* The .mo reader ----------------------------------------------------- */

typedef struct
{
  GBytes *key;     /* may hold NULs (msgctxt \004, plurals) */
  GBytes *value;
} MoEntry;

static void
mo_entry_free (MoEntry *entry)
{
  g_bytes_unref (entry->key);
  g_bytes_unref (entry->value);
  g_free (entry);
}

static MoEntry *
mo_entry_new (const char *key,
              gsize       key_length,
              const char *value,
              gsize       value_length)
{
  MoEntry *entry = g_new0 (MoEntry, 1);

  entry->key = g_bytes_new (key, key_length);
  entry->value = g_bytes_new (value, value_length);
  return entry;
}

static MoEntry *
mo_entry_new_text (const char *key,
                   const char *value)
{
  return mo_entry_new (key, strlen (key), value, strlen (value));
}

/* @bytes as a string; "" when empty (GBytes may then hold NULL). */
static char *
bytes_dup_string (GBytes *bytes)
{
  gsize size = 0;
  const char *data = g_bytes_get_data (bytes, &size);

  return size > 0 ? g_strndup (data, size) : g_strdup ("");
}

/* A test's own reading of a little-endian .mo msgfmt wrote, to copy and
 * change the shipped catalogs. */
static GPtrArray *
read_mo_entries (const char *path)
{
  g_autoptr(GPtrArray) entries = g_ptr_array_new_with_free_func ((GDestroyNotify) mo_entry_free);
  g_autoptr(GError) error = NULL;
  g_autofree char *data = NULL;
  guint32 header[7];
  gsize size = 0;

  g_file_get_contents (path, &data, &size, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (size, >=, sizeof header);
  memcpy (header, data, sizeof header);
  g_assert_cmphex (header[0], ==, 0x950412de);

  for (guint32 i = 0; i < header[2]; i++)
    {
      guint32 original[2], translation[2];

      memcpy (original, data + header[3] + i * 8, sizeof original);
      memcpy (translation, data + header[4] + i * 8, sizeof translation);
      g_ptr_array_add (entries, mo_entry_new (data + original[1], original[0],
                                              data + translation[1], translation[0]));
    }

  return g_steal_pointer (&entries);
}

static void
put_word (GByteArray *out,
          guint32     word,
          gboolean    big_endian)
{
  guint32 raw = big_endian ? GUINT32_TO_BE (word) : GUINT32_TO_LE (word);

  g_byte_array_append (out, (const guint8 *) &raw, sizeof raw);
}

/* A .mo file with @entries in the writer's byte order, no hash table. */
static GBytes *
write_mo (GPtrArray *entries,
          gboolean   big_endian)
{
  GByteArray *out = g_byte_array_new ();
  guint32 n = entries->len;
  guint32 offset = 28 + 16 * n;

  put_word (out, 0x950412de, big_endian);
  put_word (out, 0, big_endian);
  put_word (out, n, big_endian);
  put_word (out, 28, big_endian);
  put_word (out, 28 + 8 * n, big_endian);
  put_word (out, 0, big_endian);
  put_word (out, 0, big_endian);

  for (guint pass = 0; pass < 2; pass++)
    for (guint i = 0; i < n; i++)
      {
        const MoEntry *entry = g_ptr_array_index (entries, i);
        GBytes *bytes = pass == 0 ? entry->key : entry->value;

        put_word (out, g_bytes_get_size (bytes), big_endian);
        put_word (out, offset, big_endian);
        offset += g_bytes_get_size (bytes) + 1;
      }

  for (guint pass = 0; pass < 2; pass++)
    for (guint i = 0; i < n; i++)
      {
        const MoEntry *entry = g_ptr_array_index (entries, i);
        GBytes *bytes = pass == 0 ? entry->key : entry->value;

        g_byte_array_append (out, g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes));
        g_byte_array_append (out, (const guint8 *) "", 1);
      }

  return g_byte_array_free_to_bytes (out);
}

typedef struct
{
  char *dir;
} TempFixture;

static void
temp_set_up (TempFixture   *fixture,
             gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  fixture->dir = g_dir_make_tmp ("rapport-notices-XXXXXX", &error);
  g_assert_no_error (error);
}

static void
temp_tear_down (TempFixture   *fixture,
                gconstpointer  data)
{
  remove_tree (fixture->dir);
  g_clear_pointer (&fixture->dir, g_free);
}

static void
install_catalog (const char *localedir,
                 const char *language,
                 const void *data,
                 gsize       size)
{
  g_autofree char *dir = g_build_filename (localedir, language, "LC_MESSAGES", NULL);
  g_autofree char *path = g_build_filename (dir, "rapport-notices.mo", NULL);
  g_autoptr(GError) error = NULL;

  g_assert_cmpint (g_mkdir_with_parents (dir, 0700), ==, 0);
  /* No fsync: the truncation test writes thousands of them. */
  g_file_set_contents_full (path, data, size, G_FILE_SET_CONTENTS_NONE, 0600, &error);
  g_assert_no_error (error);
}

static char *
built_catalog_path (const char *language)
{
  return g_build_filename (built_localedir (), language, "LC_MESSAGES", "rapport-notices.mo", NULL);
}

static void
assert_load_fails (const char *localedir,
                   const char *language,
                   gint        code)
{
  g_autoptr(RapportCatalog) catalog = NULL;
  g_autoptr(GError) error = NULL;

  catalog = rapport_catalog_load (RAPPORT_NOTICES_DOMAIN, language, localedir, &error);
  g_assert_null (catalog);
  g_assert_error (error, RAPPORT_ERROR, code);
}

static void
test_catalog_lookup (void)
{
  g_autoptr(RapportCatalog) catalog = NULL;
  g_autoptr(GError) error = NULL;
  const char *msgid = "Dear Sir or Madam,";

  catalog = rapport_catalog_load (RAPPORT_NOTICES_DOMAIN, "de", built_localedir (), &error);
  g_assert_no_error (error);
  g_assert_cmpstr (rapport_catalog_get_language (catalog), ==, "de");
  /* 21 templates and the header. */
  g_assert_cmpuint (rapport_catalog_get_n_strings (catalog), ==, 22);
  g_assert_cmpstr (rapport_catalog_lookup (catalog, "notice greeting: organization", msgid),
                   ==, "Sehr geehrte Damen und Herren,");
  /* The context is part of the key. */
  g_assert_true (rapport_catalog_lookup (catalog, NULL, msgid) == msgid);
  g_assert_true (rapport_catalog_lookup (catalog, "notice greeting: woman (Ms.)", msgid) == msgid);
  g_assert_cmpstr (rapport_catalog_lookup (catalog, "notice greeting: woman (Ms.)", "Dear Ms. {family_name},"),
                   ==, "Sehr geehrte Frau {family_name},");
  g_clear_pointer (&catalog, rapport_catalog_free);

  /* de-AT-1996: de_AT_1996, de_AT, then de; Swiss German has its own. */
  catalog = rapport_catalog_load (RAPPORT_NOTICES_DOMAIN, "de-AT-1996", built_localedir (), &error);
  g_assert_no_error (error);
  g_assert_cmpstr (rapport_catalog_get_language (catalog), ==, "de");
  g_clear_pointer (&catalog, rapport_catalog_free);
  catalog = rapport_catalog_load (RAPPORT_NOTICES_DOMAIN, "de-CH-1996", built_localedir (), &error);
  g_assert_no_error (error);
  g_assert_cmpstr (rapport_catalog_get_language (catalog), ==, "de_CH");
  g_assert_cmpstr (rapport_catalog_lookup (catalog, "renewal notice", "Your {product} contract ends on {end_date}"),
                   ==, "Ihr Vertrag für {product} endet am {end_date}");
  g_clear_pointer (&catalog, rapport_catalog_free);

  assert_load_fails (built_localedir (), "it", RAPPORT_ERROR_NOT_FOUND);
  assert_load_fails (built_localedir (), "", RAPPORT_ERROR_NOT_FOUND);
  assert_load_fails (built_localedir (), "../de", RAPPORT_ERROR_NOT_FOUND);
  assert_load_fails ("/nonexistent/locale", "de", RAPPORT_ERROR_NOT_FOUND);
}

static void
test_catalog_language_region (TempFixture   *fixture,
                              gconstpointer  data)
{
  g_autoptr(GPtrArray) entries = g_ptr_array_new_with_free_func ((GDestroyNotify) mo_entry_free);
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(RapportCatalog) catalog = NULL;
  g_autoptr(GError) error = NULL;

  g_ptr_array_add (entries, mo_entry_new_text ("colour", "Farbe (TW)"));
  bytes = write_mo (entries, FALSE);
  install_catalog (fixture->dir, "zh_TW", g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes));

  /* zh-Hant-TW: zh_Hant_TW is missing, zh_TW is there. */
  catalog = rapport_catalog_load (RAPPORT_NOTICES_DOMAIN, "zh-Hant-TW", fixture->dir, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (rapport_catalog_get_language (catalog), ==, "zh_TW");
  g_assert_cmpstr (rapport_catalog_lookup (catalog, NULL, "colour"), ==, "Farbe (TW)");
}

/* "en" and @n distinct variants: well-formed, 2 + 9 * @n bytes. */
static char *
long_language_tag (guint n)
{
  GString *tag = g_string_new ("en");

  for (guint i = 0; i < n; i++)
    g_string_append_printf (tag, "-a%07x", i);

  return g_string_free (tag, FALSE);
}

/* The tag may come from a CSV file or a server: whatever it is, no path
 * is built from it unless it is a well-formed, bounded tag, and one that
 * is not has no catalog (the renderer then takes the next language).
 * A 362-character tag used to be looked up as a 362-byte folder name:
 * "File name too long", which stopped every notice. */
static void
test_catalog_any_tag_builds_no_path (void)
{
  g_autofree char *long_tag = long_language_tag (40);
  g_autofree char *huge = g_strnfill (10 * 1024 * 1024, 'a');
  const char *odd[] = {
    long_tag, huge, "de\nCH", "de/../../etc", "../de", "de-CH\xff", "..", ".", "de.CH",
    "und-CH", "x-private", "de_CH", "de CH", "de\\CH", "de-CH/",
  };
  g_autoptr(RapportCatalog) catalog = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_cmpuint (strlen (long_tag), ==, 362);

  for (guint i = 0; i < G_N_ELEMENTS (odd); i++)
    {
      g_autoptr(GError) local_error = NULL;
      g_autoptr(RapportCatalog) none = NULL;

      g_test_message ("tag %u", i);
      none = rapport_catalog_load (RAPPORT_NOTICES_DOMAIN, odd[i], built_localedir (), &local_error);
      g_assert_null (none);
      g_assert_error (local_error, RAPPORT_ERROR, RAPPORT_ERROR_NOT_FOUND);
      g_assert_true (g_utf8_validate (local_error->message, -1, NULL));
      g_assert_cmpuint (strlen (local_error->message), <, 256);
    }

  /* Extensions and private use name no folder. */
  catalog = rapport_catalog_load (RAPPORT_NOTICES_DOMAIN, "de-CH-u-ca-gregory-x-foo", built_localedir (), &error);
  g_assert_no_error (error);
  g_assert_cmpstr (rapport_catalog_get_language (catalog), ==, "de_CH");
}

/* A customer whose language tag is 362 characters (from a file, where
 * the store's checks did not apply) gets the business's language. */
static void
test_render_long_tag_falls_back (void)
{
  g_autoptr(RapportCustomer) customer = rapport_customer_new (PERSON);
  g_autoptr(RapportContract) contract = rapport_contract_new ();
  g_auto(RapportNoticeText) text = { NULL };
  g_autoptr(GError) error = NULL;
  const RapportNoticeTextOptions options = { .business_language = "de" };

  customer->display_name = g_strdup ("Kim Lee");
  customer->language = long_language_tag (40);
  contract->product = g_strdup ("Support");
  contract->end_date = g_strdup ("2026-12-31");
  contract->currency = g_strdup ("EUR");

  g_assert_true (rapport_notice_render (customer, contract, &options, &text, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (text.language, ==, "de");

  g_clear_pointer (&customer->language, g_free);
  customer->language = g_strnfill (10 * 1024 * 1024, 'a');
  g_assert_true (rapport_notice_render (customer, contract, &options, &text, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (text.language, ==, "de");
}

static void
test_catalog_byte_orders_and_plurals (TempFixture   *fixture,
                                      gconstpointer  data)
{
  static const char plural_key[] = "one file\0%d files";
  static const char plural_value[] = "eine Datei\0%d Dateien";

  for (guint big_endian = 0; big_endian < 2; big_endian++)
    {
      g_autoptr(GPtrArray) entries = g_ptr_array_new_with_free_func ((GDestroyNotify) mo_entry_free);
      g_autoptr(GBytes) bytes = NULL;
      g_autoptr(RapportCatalog) catalog = NULL;
      g_autoptr(GError) error = NULL;
      const char *language = big_endian ? "xb" : "xl";

      g_ptr_array_add (entries, mo_entry_new_text ("", "Content-Type: text/plain; charset=UTF-8\n"));
      g_ptr_array_add (entries, mo_entry_new_text ("ctx\004Hello", "Hallo"));
      g_ptr_array_add (entries, mo_entry_new (plural_key, sizeof plural_key - 1,
                                              plural_value, sizeof plural_value - 1));
      g_ptr_array_add (entries, mo_entry_new_text ("untranslated", ""));
      bytes = write_mo (entries, big_endian);
      install_catalog (fixture->dir, language, g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes));

      catalog = rapport_catalog_load (RAPPORT_NOTICES_DOMAIN, language, fixture->dir, &error);
      g_assert_no_error (error);
      g_assert_cmpstr (rapport_catalog_lookup (catalog, "ctx", "Hello"), ==, "Hallo");
      g_assert_cmpstr (rapport_catalog_lookup (catalog, NULL, "Hello"), ==, "Hello");
      /* A plural entry reads as its singular. */
      g_assert_cmpstr (rapport_catalog_lookup (catalog, NULL, "one file"), ==, "eine Datei");
      /* An empty translation is none. */
      g_assert_cmpstr (rapport_catalog_lookup (catalog, NULL, "untranslated"), ==, "untranslated");
      g_assert_cmpuint (rapport_catalog_get_n_strings (catalog), ==, 3);
    }
}

static void
test_catalog_truncated (TempFixture   *fixture,
                        gconstpointer  data)
{
  g_autofree char *path = built_catalog_path ("fr");
  g_autofree char *contents = NULL;
  g_autoptr(GError) error = NULL;
  gsize size = 0;

  g_file_get_contents (path, &contents, &size, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (size, >, 1000);

  /* The strings run to the very end of the file: every shorter copy
   * lacks part of one, and must be refused, never read past. */
  for (gsize length = 0; length < size; length++)
    {
      install_catalog (fixture->dir, "fr", contents, length);
      assert_load_fails (fixture->dir, "fr", RAPPORT_ERROR_PARSE);
    }

  install_catalog (fixture->dir, "fr", contents, size);
  {
    g_autoptr(RapportCatalog) catalog = rapport_catalog_load (RAPPORT_NOTICES_DOMAIN, "fr", fixture->dir, &error);

    g_assert_no_error (error);
    g_assert_nonnull (catalog);
  }
}

static void
test_catalog_corrupt (TempFixture   *fixture,
                      gconstpointer  data)
{
  g_autoptr(GPtrArray) entries = g_ptr_array_new_with_free_func ((GDestroyNotify) mo_entry_free);
  g_autoptr(GBytes) bytes = NULL;
  const guint8 *good;
  gsize size;
  struct
  {
    const char *what;
    gsize       offset;     /* where to write @word */
    guint32     word;
  } patches[] = {
    { "bad magic", 0, 0x12345678 },
    { "revision 2.0", 4, 2u << 16 },
    { "more strings than the file holds", 8, 0x10000000 },
    { "original table past the end", 12, 0xfffffff0 },
    { "translation table past the end", 16, 0xfffffff0 },
    { "a string's length past the end", 28, 0x7fffffff },
    { "a string's offset past the end", 32, 0xffffff00 },
    { "a translation's offset past the end", 28 + 8 * 2 + 4, 0x00ffffff },
  };

  g_ptr_array_add (entries, mo_entry_new_text ("Hello", "Hallo"));
  g_ptr_array_add (entries, mo_entry_new_text ("World", "Welt"));
  bytes = write_mo (entries, FALSE);
  good = g_bytes_get_data (bytes, &size);

  for (guint i = 0; i < G_N_ELEMENTS (patches); i++)
    {
      g_autofree guint8 *copy = g_memdup2 (good, size);
      guint32 word = GUINT32_TO_LE (patches[i].word);

      g_test_message ("%s", patches[i].what);
      memcpy (copy + patches[i].offset, &word, sizeof word);
      install_catalog (fixture->dir, "xx", copy, size);
      assert_load_fails (fixture->dir, "xx", RAPPORT_ERROR_PARSE);
    }

  /* A string whose terminating NUL is gone, and one that is not UTF-8. */
  {
    g_autofree guint8 *copy = g_memdup2 (good, size);

    copy[size - 1] = 'x';
    install_catalog (fixture->dir, "xx", copy, size);
    assert_load_fails (fixture->dir, "xx", RAPPORT_ERROR_PARSE);
  }
  {
    g_autoptr(GPtrArray) bad = g_ptr_array_new_with_free_func ((GDestroyNotify) mo_entry_free);
    g_autoptr(GBytes) bad_bytes = NULL;

    g_ptr_array_add (bad, mo_entry_new_text ("Hello", "Hall\xff"));
    bad_bytes = write_mo (bad, FALSE);
    install_catalog (fixture->dir, "xx", g_bytes_get_data (bad_bytes, NULL), g_bytes_get_size (bad_bytes));
    assert_load_fails (fixture->dir, "xx", RAPPORT_ERROR_PARSE);
  }

  /* 400 entries that all point at one string of 2000 bytes: reading it
   * 800 times would make reading a file quadratic in its size. */
  {
    g_autoptr(GByteArray) shared = g_byte_array_new ();
    guint32 n = 400, length = 2000;
    g_autofree char *text = g_strnfill (length, 'a');
    guint32 header[7] = { GUINT32_TO_LE (0x950412de), 0, GUINT32_TO_LE (n), GUINT32_TO_LE (28),
                          GUINT32_TO_LE (28), 0, 0 };

    g_byte_array_append (shared, (const guint8 *) header, sizeof header);
    for (guint32 i = 0; i < n; i++)
      {
        guint32 entry[2] = { GUINT32_TO_LE (length), GUINT32_TO_LE (28 + 8 * n) };

        g_byte_array_append (shared, (const guint8 *) entry, sizeof entry);
      }
    g_byte_array_append (shared, (const guint8 *) text, length + 1);
    install_catalog (fixture->dir, "xx", (const char *) shared->data, shared->len);
    assert_load_fails (fixture->dir, "xx", RAPPORT_ERROR_PARSE);
  }

  /* The unchanged file loads. */
  {
    g_autoptr(RapportCatalog) catalog = NULL;
    g_autoptr(GError) error = NULL;

    install_catalog (fixture->dir, "xx", good, size);
    catalog = rapport_catalog_load (RAPPORT_NOTICES_DOMAIN, "xx", fixture->dir, &error);
    g_assert_no_error (error);
    g_assert_cmpstr (rapport_catalog_lookup (catalog, NULL, "World"), ==, "Welt");
  }
}

/* A damaged catalog stops the renderer with an error, not a crash and
 * not a silent fallback. */
static void
test_render_damaged_catalog (TempFixture   *fixture,
                             gconstpointer  data)
{
  g_autoptr(RapportCustomer) customer = rapport_customer_new (PERSON);
  g_autoptr(RapportContract) contract = rapport_contract_new ();
  g_auto(RapportNoticeText) text = { NULL };
  g_autoptr(GError) error = NULL;
  const RapportNoticeTextOptions options = { .localedir = fixture->dir };

  install_catalog (fixture->dir, "fr", "\xde\x12\x04\x95garbage", 11);
  customer->display_name = g_strdup ("Claire Dupont");
  customer->language = g_strdup ("fr");
  contract->product = g_strdup ("P");
  contract->end_date = g_strdup ("2026-12-31");
  contract->currency = g_strdup ("EUR");

  g_assert_false (rapport_notice_render (customer, contract, &options, &text, &error));
  g_assert_error (error, RAPPORT_ERROR, RAPPORT_ERROR_PARSE);
  g_assert_nonnull (strstr (error->message, "rapport-notices.mo"));
  g_assert_null (text.body);
}

/* Copies of the German catalog installed as Italian: whole, it writes
 * the letter (in German words, Italian dates); lacking a string, or with
 * a placeholder misused, Italian counts as missing and the next language
 * writes the letter, never a mixture. */
static void
test_render_unsound_catalogs (TempFixture   *fixture,
                              gconstpointer  data)
{
  g_autofree char *de_path = built_catalog_path ("de");
  g_autoptr(RapportCustomer) customer = rapport_customer_new (PERSON);
  g_autoptr(RapportContract) contract = rapport_contract_new ();
  enum { WHOLE, NO_SUBJECT, UNKNOWN_PLACEHOLDER, DROPS_VALUE, GREETING_NAMES_PRODUCT, N_VARIANTS };

  customer->display_name = g_strdup ("Giulia Rossi");
  customer->family_name = g_strdup ("Rossi");
  customer->form_of_address = g_strdup ("Frau");
  customer->language = g_strdup ("it");
  contract->product = g_strdup ("P");
  contract->end_date = g_strdup ("2026-12-31");
  contract->currency = g_strdup ("EUR");
  contract->value = 100;

  for (guint variant = 0; variant < N_VARIANTS; variant++)
    {
      g_autoptr(GPtrArray) entries = read_mo_entries (de_path);
      g_autoptr(GBytes) bytes = NULL;
      g_auto(RapportNoticeText) text = { NULL };
      g_autoptr(GError) error = NULL;
      const RapportNoticeTextOptions options = { .localedir = fixture->dir };

      for (guint i = entries->len; i > 0; i--)
        {
          MoEntry *entry = g_ptr_array_index (entries, i - 1);
          g_autofree char *key = bytes_dup_string (entry->key);
          g_autofree char *value = bytes_dup_string (entry->value);
          char *changed = NULL;

          if (variant == NO_SUBJECT && g_str_equal (key, "renewal notice\004Your {product} contract ends on {end_date}"))
            {
              g_ptr_array_remove_index (entries, i - 1);
              continue;
            }
          if (variant == UNKNOWN_PLACEHOLDER && g_str_has_prefix (key, "renewal notice\004{greeting}"))
            changed = g_strconcat (value, " {prodotto}", NULL);
          else if (variant == DROPS_VALUE && g_str_has_prefix (key, "renewal notice\004{greeting}"))
            {
              g_auto(GStrv) parts = g_strsplit (value, "{value}", -1);

              changed = g_strjoinv ("", parts);
            }
          else if (variant == GREETING_NAMES_PRODUCT && g_str_has_prefix (key, "notice greeting: woman (Ms.)"))
            changed = g_strdup ("Sehr geehrte Frau {family_name} ({product}),");

          if (changed != NULL)
            {
              g_bytes_unref (entry->value);
              entry->value = g_bytes_new_take (changed, strlen (changed));
            }
        }

      bytes = write_mo (entries, FALSE);
      install_catalog (fixture->dir, "it", g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes));

      g_assert_true (rapport_notice_render (customer, contract, &options, &text, &error));
      g_assert_no_error (error);
      if (variant == WHOLE)
        {
          g_assert_cmpstr (text.language, ==, "it");
          g_assert_cmpstr (text.subject, ==, "Ihr Vertrag für P endet am 31 dicembre 2026");
        }
      else
        {
          g_assert_cmpstr (text.language, ==, "en");
          g_assert_cmpstr (text.subject, ==, "Your P contract ends on December 31, 2026");
          g_assert_true (g_str_has_prefix (text.body, "Dear Ms. Rossi,\n"));
        }
    }
}

/* mailto: ------------------------------------------------------------ */

static void
test_mailto (void)
{
  struct
  {
    const char *to;
    const char *subject;
    const char *body;
    const char *expected;
  } cases[] = {
    { "amara+crm@example.com", "Your contract: 50% & more?", "Line 1\nLine 2\r\nLine 3\rEnd",
      "mailto:amara%2Bcrm@example.com?subject=Your%20contract%3A%2050%25%20%26%20more%3F"
      "&body=Line%201%0D%0ALine%202%0D%0ALine%203%0D%0AEnd" },
    { NULL, "Hallo Müller", "a=b&c=d#e",
      "mailto:?subject=Hallo%20M%C3%BCller&body=a%3Db%26c%3Dd%23e" },
    { "anna@example.ch", "Two\nlines", NULL,
      "mailto:anna@example.ch?subject=Two%20lines" },
    { "anna@example.ch", NULL, "Only ~body_-.",
      "mailto:anna@example.ch?body=Only%20~body_-." },
    { NULL, "", "", "mailto:" },
    { "a b@example.com", "山田様", "",
      "mailto:a%20b@example.com?subject=%E5%B1%B1%E7%94%B0%E6%A7%98" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *uri = rapport_notice_mailto (cases[i].to, cases[i].subject, cases[i].body);

      g_assert_cmpstr (uri, ==, cases[i].expected);
    }

  /* A rendered notice survives the round trip, with CRLF line breaks. */
  {
    g_autofree char *expected = read_expected ("de-renewal-frau");
    const char *body = strstr (expected, "\n\n") + 2;
    g_autofree char *subject = g_strndup (expected + strlen ("Subject: "),
                                          strchr (expected, '\n') - expected - strlen ("Subject: "));
    g_autofree char *trimmed = g_strndup (body, strlen (body) - 1);
    g_autofree char *uri = rapport_notice_mailto ("anna@example.de", subject, trimmed);
    g_auto(GStrv) crlf_lines = g_strsplit (trimmed, "\n", -1);
    g_autofree char *crlf = g_strjoinv ("\r\n", crlf_lines);
    const char *query = strchr (uri, '?');
    g_auto(GStrv) fields = g_strsplit (query + 1, "&", -1);
    g_autofree char *decoded_subject = NULL;
    g_autofree char *decoded_body = NULL;

    for (const char *p = uri; *p != '\0'; p++)
      g_assert_true (g_ascii_isalnum (*p) || strchr ("-._~%:?&=@", *p) != NULL);

    g_assert_cmpuint (g_strv_length (fields), ==, 2);
    g_assert_true (g_str_has_prefix (fields[0], "subject="));
    g_assert_true (g_str_has_prefix (fields[1], "body="));
    decoded_subject = g_uri_unescape_string (fields[0] + strlen ("subject="), NULL);
    decoded_body = g_uri_unescape_string (fields[1] + strlen ("body="), NULL);
    g_assert_cmpstr (decoded_subject, ==, subject);
    g_assert_cmpstr (decoded_body, ==, crlf);
  }
}

/* Terms -------------------------------------------------------------- */

static void
test_next_term (void)
{
  struct
  {
    const char *start;
    const char *end;
    const char *next_start;
    const char *next_end;
  } cases[] = {
    /* Whole months, the end the day before the start's day. */
    { "2026-01-01", "2026-12-31", "2027-01-01", "2027-12-31" },
    { "2026-03-01", "2026-03-31", "2026-04-01", "2026-04-30" },
    { "2024-03-01", "2025-02-28", "2025-03-01", "2026-02-28" },
    { "2026-01-31", "2026-03-30", "2026-03-31", "2026-05-30" },
    /* Whole months, the end on the start's day. */
    { "2026-01-15", "2027-01-15", "2027-01-16", "2028-01-15" },
    { "2026-01-31", "2026-03-31", "2026-04-01", "2026-05-31" },
    /* Anything else: the same number of days. */
    { "2026-01-01", "2026-01-10", "2026-01-11", "2026-01-20" },
    { "2026-06-01", "2026-06-01", "2026-06-02", "2026-06-02" },
    { "2026-02-10", "2026-03-01", "2026-03-02", "2026-03-21" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      char start[11], end[11];

      g_assert_true (rapport_contract_next_term (cases[i].start, cases[i].end, start, end));
      g_assert_cmpstr (start, ==, cases[i].next_start);
      g_assert_cmpstr (end, ==, cases[i].next_end);
    }

  {
    char start[11], end[11];

    g_assert_false (rapport_contract_next_term ("2026-12-31", "2026-01-01", start, end));
    g_assert_false (rapport_contract_next_term ("2026-02-30", "2026-12-31", start, end));
    g_assert_false (rapport_contract_next_term ("2026-01-01", "soon", start, end));
    g_assert_cmpstr (start, ==, "");
  }
}

/* The daily pass over a store ------------------------------------------ */

static gint64
add_customer (RapportStore *store,
              const char   *name,
              const char   *given,
              const char   *family,
              const char   *form,
              const char   *language)
{
  g_autoptr(RapportCustomer) customer = make_person (name, NULL);
  g_autoptr(GError) error = NULL;
  g_autofree char *email = g_strdup_printf ("%s@example.com", given);

  customer->given_name = g_strdup (given);
  customer->family_name = g_strdup (family);
  customer->form_of_address = g_strdup (form);
  customer->language = g_strdup (language);
  rapport_customer_add_email (customer, email, "work", TRUE);

  g_assert_true (rapport_store_add_customer (store, customer, &error));
  g_assert_no_error (error);
  return customer->id;
}

static gint64
add_contract (RapportStore *store,
              gint64        customer_id,
              const char   *product,
              const char   *start,
              const char   *end,
              gboolean      auto_renew)
{
  g_autoptr(RapportContract) contract = rapport_contract_new ();
  g_autoptr(GError) error = NULL;

  contract->customer_id = customer_id;
  contract->product = g_strdup (product);
  contract->start_date = g_strdup (start);
  contract->end_date = g_strdup (end);
  contract->value = 123450;
  contract->currency = g_strdup ("EUR");
  contract->lead_days = 30;
  contract->auto_renew = auto_renew;

  g_assert_true (rapport_store_add_contract (store, contract, &error));
  g_assert_no_error (error);
  return contract->id;
}

static guint
process (RapportStore *store,
         const char   *today)
{
  g_autoptr(GError) error = NULL;
  guint created = G_MAXUINT;

  g_assert_true (rapport_store_process_renewals (store, today, NULL, &created, &error));
  g_assert_no_error (error);
  return created;
}

static RapportContract *
get_contract (RapportStore *store,
              gint64        id)
{
  g_autoptr(GError) error = NULL;
  RapportContract *contract = rapport_store_get_contract (store, id, &error);

  g_assert_no_error (error);
  return contract;
}

static void
test_process_creates_once (StoreFixture  *fixture,
                           gconstpointer  data)
{
  g_autoptr(RapportContract) contract = NULL;
  g_autoptr(RapportNotice) notice = NULL;
  g_autoptr(GPtrArray) notices = NULL;
  g_autoptr(GPtrArray) sent = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *expected = read_expected ("de-renewal-frau");
  g_autofree char *printed = NULL;
  gint64 anna, contract_id;

  g_assert_true (rapport_store_set_setting (fixture->store, "business-name", "Rapport Beratung GmbH", &error));
  g_assert_true (rapport_store_set_setting (fixture->store, "owner-name", "Jonas Keller", &error));
  g_assert_no_error (error);

  anna = add_customer (fixture->store, "Anna Müller", "Anna", "Müller", "Frau", "de");
  contract_id = add_contract (fixture->store, anna, "Premium-Support", "2026-01-01", "2026-12-31", FALSE);
  /* Far from due. */
  add_contract (fixture->store, anna, "Schulung", "2026-01-01", "2027-06-30", FALSE);

  g_assert_cmpuint (process (fixture->store, "2026-11-30"), ==, 0);
  g_assert_cmpuint (process (fixture->store, "2026-12-01"), ==, 1);
  g_assert_cmpuint (process (fixture->store, "2026-12-01"), ==, 0);
  g_assert_cmpuint (process (fixture->store, "2026-12-20"), ==, 0);

  notices = rapport_store_list_notices_all (fixture->store, -1, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (notices->len, ==, 1);

  notice = rapport_store_get_notice (fixture->store, ((RapportNotice *) g_ptr_array_index (notices, 0))->id, &error);
  g_assert_no_error (error);
  g_assert_cmpint (notice->contract_id, ==, contract_id);
  g_assert_cmpstr (notice->due_date, ==, "2026-12-01");
  g_assert_cmpstr (notice->language, ==, "de");
  g_assert_cmpint (notice->state, ==, RAPPORT_NOTICE_DUE);
  g_assert_cmpint (notice->channel, ==, RAPPORT_CHANNEL_EMAIL);
  g_assert_cmpint (notice->customer_id, ==, anna);
  g_assert_cmpstr (notice->customer_name, ==, "Anna Müller");
  g_assert_cmpstr (notice->product, ==, "Premium-Support");
  g_assert_false (notice->auto_renew);

  /* The stored text is the reviewed letter, signed from the settings. */
  printed = g_strdup_printf ("Subject: %s\n\n%s\n", notice->subject, notice->body);
  assert_same_text (printed, expected, "stored notice");

  contract = get_contract (fixture->store, contract_id);
  g_assert_cmpint (contract->state, ==, RAPPORT_CONTRACT_RENEWAL_DUE);

  sent = rapport_store_list_notices_all (fixture->store, RAPPORT_NOTICE_SENT, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (sent->len, ==, 0);

  /* A new lead time is a new notice date: a notice for that date. */
  contract->lead_days = 10;
  g_assert_true (rapport_store_update_contract (fixture->store, contract, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (process (fixture->store, "2026-12-20"), ==, 0);
  g_assert_cmpuint (process (fixture->store, "2026-12-21"), ==, 1);
  g_assert_cmpuint (process (fixture->store, "2026-12-22"), ==, 0);

  g_assert_false (rapport_store_process_renewals (fixture->store, "tomorrow", NULL, NULL, &error));
  g_assert_error (error, RAPPORT_ERROR, RAPPORT_ERROR_INVALID);
}

static void
test_process_uses_settings (StoreFixture  *fixture,
                            gconstpointer  data)
{
  g_autoptr(GPtrArray) notices = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *expected = read_expected ("fallback-it-to-business-fr");
  g_autofree char *printed = NULL;
  const RapportNotice *notice;
  gint64 giulia;

  g_assert_true (rapport_store_set_setting (fixture->store, RAPPORT_SETTING_BUSINESS_LANGUAGE, "fr", &error));
  g_assert_true (rapport_store_set_setting (fixture->store, "business-name", "Rapport Conseil", &error));
  g_assert_true (rapport_store_set_setting (fixture->store, "owner-name", "Camille Bernard", &error));
  g_assert_no_error (error);

  giulia = add_customer (fixture->store, "Giulia Rossi", "Giulia", "Rossi", "Sig.ra", "it");
  add_contract (fixture->store, giulia, "Assistance Premium", "2026-01-01", "2026-12-31", FALSE);

  g_assert_cmpuint (process (fixture->store, "2026-12-01"), ==, 1);
  notices = rapport_store_list_notices_all (fixture->store, RAPPORT_NOTICE_DUE, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (notices->len, ==, 1);
  notice = g_ptr_array_index (notices, 0);
  g_assert_cmpstr (notice->language, ==, "fr");
  printed = g_strdup_printf ("Subject: %s\n\n%s\n", notice->subject, notice->body);
  assert_same_text (printed, expected, "notice from the settings");
}

static void
test_process_auto_renew (StoreFixture  *fixture,
                         gconstpointer  data)
{
  g_autoptr(RapportContract) contract = NULL;
  g_autoptr(RapportNotice) old_notice = rapport_notice_new ();
  g_autoptr(RapportNotice) done_notice = rapport_notice_new ();
  g_autoptr(GPtrArray) notices = NULL;
  g_autoptr(GError) error = NULL;
  const RapportNotice *courtesy;
  gint64 anna, contract_id;

  anna = add_customer (fixture->store, "Anna Müller", "Anna", "Müller", "Frau", "de");
  contract_id = add_contract (fixture->store, anna, "Cloud-Backup", "2025-01-01", "2025-12-31", TRUE);

  /* The old term's courtesy notice was sent; a lapsed one stays lapsed. */
  old_notice->contract_id = contract_id;
  old_notice->due_date = g_strdup ("2025-12-01");
  old_notice->state = RAPPORT_NOTICE_SENT;
  g_assert_true (rapport_store_add_notice (fixture->store, old_notice, &error));
  done_notice->contract_id = contract_id;
  done_notice->due_date = g_strdup ("2025-11-01");
  done_notice->state = RAPPORT_NOTICE_LAPSED;
  g_assert_true (rapport_store_add_notice (fixture->store, done_notice, &error));
  g_assert_no_error (error);

  /* After its end the contract rolls into its next year; the next
   * notice date (2026-12-01) is ahead. */
  g_assert_cmpuint (process (fixture->store, "2026-01-10"), ==, 0);
  contract = get_contract (fixture->store, contract_id);
  g_assert_cmpstr (contract->start_date, ==, "2026-01-01");
  g_assert_cmpstr (contract->end_date, ==, "2026-12-31");
  g_assert_cmpint (contract->state, ==, RAPPORT_CONTRACT_ACTIVE);

  notices = rapport_store_list_notices (fixture->store, contract_id, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (notices->len, ==, 2);
  g_assert_cmpint (((RapportNotice *) g_ptr_array_index (notices, 0))->state, ==, RAPPORT_NOTICE_LAPSED);
  g_assert_cmpint (((RapportNotice *) g_ptr_array_index (notices, 1))->state, ==, RAPPORT_NOTICE_RENEWED);
  g_clear_pointer (&notices, g_ptr_array_unref);

  /* The new term's courtesy notice when its notice date comes. */
  g_assert_cmpuint (process (fixture->store, "2026-12-01"), ==, 1);
  g_assert_cmpuint (process (fixture->store, "2026-12-01"), ==, 0);
  notices = rapport_store_list_notices_all (fixture->store, RAPPORT_NOTICE_DUE, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (notices->len, ==, 1);
  courtesy = g_ptr_array_index (notices, 0);
  g_assert_cmpint (courtesy->contract_id, ==, contract_id);
  g_assert_cmpstr (courtesy->due_date, ==, "2026-12-01");
  g_assert_true (courtesy->auto_renew);
  g_assert_cmpstr (courtesy->subject, ==, "Ihr Vertrag für Cloud-Backup verlängert sich automatisch");

  /* A courtesy notice leaves the contract active: nothing to decide. */
  g_clear_pointer (&contract, rapport_contract_free);
  contract = get_contract (fixture->store, contract_id);
  g_assert_cmpint (contract->state, ==, RAPPORT_CONTRACT_ACTIVE);

  /* Once the term is over it rolls again, and its courtesy notice is
   * renewed. */
  g_assert_cmpuint (process (fixture->store, "2027-01-01"), ==, 0);
  g_clear_pointer (&contract, rapport_contract_free);
  contract = get_contract (fixture->store, contract_id);
  g_assert_cmpstr (contract->end_date, ==, "2027-12-31");
  g_clear_pointer (&notices, g_ptr_array_unref);
  notices = rapport_store_list_notices_all (fixture->store, RAPPORT_NOTICE_DUE, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (notices->len, ==, 0);
}

/* Years behind: rolled term after term until the end is not before
 * today; the notice of the term reached is due at once. */
static void
test_process_rolls_many_terms (StoreFixture  *fixture,
                               gconstpointer  data)
{
  g_autoptr(RapportContract) contract = NULL;
  g_autoptr(GPtrArray) notices = NULL;
  g_autoptr(GError) error = NULL;
  gint64 kim, contract_id;

  kim = add_customer (fixture->store, "Kim Lee", "Kim", "Lee", NULL, "en");
  contract_id = add_contract (fixture->store, kim, "Archive", "2020-01-15", "2021-01-15", TRUE);

  g_assert_cmpuint (process (fixture->store, "2026-01-10"), ==, 1);
  contract = get_contract (fixture->store, contract_id);
  g_assert_cmpstr (contract->start_date, ==, "2025-01-16");
  g_assert_cmpstr (contract->end_date, ==, "2026-01-15");

  notices = rapport_store_list_notices (fixture->store, contract_id, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (notices->len, ==, 1);
  g_assert_cmpstr (((RapportNotice *) g_ptr_array_index (notices, 0))->due_date, ==, "2025-12-16");
  g_assert_cmpstr (((RapportNotice *) g_ptr_array_index (notices, 0))->subject, ==,
                   "Your Archive contract will renew automatically");
}

static void
test_process_skips_trash_and_closed (StoreFixture  *fixture,
                                     gconstpointer  data)
{
  g_autoptr(RapportContract) cancelled = NULL;
  g_autoptr(GError) error = NULL;
  gint64 anna, kim, cancelled_id;

  anna = add_customer (fixture->store, "Anna Müller", "Anna", "Müller", "Frau", "de");
  kim = add_customer (fixture->store, "Kim Lee", "Kim", "Lee", NULL, "en");
  add_contract (fixture->store, anna, "Premium-Support", "2026-01-01", "2026-12-31", FALSE);
  add_contract (fixture->store, anna, "Cloud-Backup", "2025-01-01", "2025-12-31", TRUE);
  cancelled_id = add_contract (fixture->store, kim, "Support", "2026-01-01", "2026-12-31", FALSE);

  cancelled = get_contract (fixture->store, cancelled_id);
  cancelled->state = RAPPORT_CONTRACT_CANCELLED;
  g_assert_true (rapport_store_update_contract (fixture->store, cancelled, &error));
  g_assert_true (rapport_store_delete_customer (fixture->store, anna, &error));
  g_assert_no_error (error);

  g_assert_cmpuint (process (fixture->store, "2026-12-15"), ==, 0);

  /* Restored, Anna's contracts are processed again. */
  g_assert_true (rapport_store_restore_customer (fixture->store, anna, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (process (fixture->store, "2026-12-15"), ==, 2);
}

static void
changed_cb (RapportStore *store,
            guint         entity,
            guint         change,
            gint64        id,
            gpointer      user_data)
{
  GArray *seen = user_data;

  g_array_append_val (seen, entity);
}

static guint
count_entity (GArray *seen,
              guint   entity)
{
  guint n = 0;

  for (guint i = 0; i < seen->len; i++)
    if (g_array_index (seen, guint, i) == entity)
      n++;

  return n;
}

/* A damaged catalog for the second customer's language: the pass is
 * refused whole, the first customer's notice included, the file is as it
 * was and nobody is told of a change. */
static void
test_process_refused_leaves_file (StoreFixture  *fixture,
                                  gconstpointer  data)
{
  g_autoptr(GArray) seen = g_array_new (FALSE, FALSE, sizeof (guint));
  g_autofree char *localedir = g_build_filename (fixture->dir, "locale", NULL);
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  g_autoptr(GError) error = NULL;
  const RapportNoticeTextOptions options = { .localedir = localedir };
  guint created = 99;
  gint64 kim, claire;

  install_catalog (localedir, "fr", "not a catalog", 13);
  kim = add_customer (fixture->store, "Kim Lee", "Kim", "Lee", NULL, "en");
  claire = add_customer (fixture->store, "Claire Dupont", "Claire", "Dupont", "Mme", "fr");
  add_contract (fixture->store, kim, "Support", "2026-01-01", "2026-12-30", FALSE);
  add_contract (fixture->store, claire, "Assistance", "2026-01-01", "2026-12-31", FALSE);
  add_contract (fixture->store, kim, "Backup", "2025-01-01", "2025-12-31", TRUE);

  before = dump_database (fixture->path);
  g_signal_connect (fixture->store, "changed", G_CALLBACK (changed_cb), seen);

  g_assert_false (rapport_store_process_renewals (fixture->store, "2026-12-15", &options, &created, &error));
  g_assert_error (error, RAPPORT_ERROR, RAPPORT_ERROR_PARSE);
  g_assert_nonnull (strstr (error->message, "Assistance"));
  g_assert_cmpuint (created, ==, 0);
  g_assert_cmpuint (seen->len, ==, 0);

  after = dump_database (fixture->path);
  g_assert_cmpstr (before, ==, after);

  /* Repaired, the same pass goes through and says so after the commit. */
  g_clear_error (&error);
  {
    g_autofree char *fr = built_catalog_path ("fr");
    g_autofree char *contents = NULL;
    gsize size = 0;

    g_file_get_contents (fr, &contents, &size, &error);
    g_assert_no_error (error);
    install_catalog (localedir, "fr", contents, size);
  }
  g_assert_true (rapport_store_process_renewals (fixture->store, "2026-12-15", &options, &created, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (created, ==, 3);
  g_assert_cmpuint (count_entity (seen, RAPPORT_ENTITY_NOTICE), ==, 3);
  /* Two contracts became renewal-due, one rolled forward. */
  g_assert_cmpuint (count_entity (seen, RAPPORT_ENTITY_CONTRACT), ==, 3);
}

/* The same damaged French catalog, in a pass that goes on: Claire's
 * contract is reported and left as it was, everyone else's notice is
 * written; once repaired, the next pass writes hers. */
static void
test_process_one_failure_is_its_own (StoreFixture  *fixture,
                                     gconstpointer  data)
{
  g_autofree char *localedir = g_build_filename (fixture->dir, "locale", NULL);
  g_autoptr(GPtrArray) failures = NULL;
  g_autoptr(GPtrArray) notices = NULL;
  g_autoptr(RapportContract) assistance = NULL;
  g_autoptr(GError) error = NULL;
  const RapportNoticeTextOptions options = { .localedir = localedir };
  const RapportRenewalFailure *failure;
  guint created = 99;
  gint64 kim, claire, contract_id;

  install_catalog (localedir, "fr", "not a catalog", 13);
  kim = add_customer (fixture->store, "Kim Lee", "Kim", "Lee", NULL, "en");
  claire = add_customer (fixture->store, "Claire Dupont", "Claire", "Dupont", "Mme", "fr");
  add_contract (fixture->store, kim, "Support", "2026-01-01", "2026-12-30", FALSE);
  contract_id = add_contract (fixture->store, claire, "Assistance", "2026-01-01", "2026-12-31", FALSE);
  add_contract (fixture->store, kim, "Backup", "2025-01-01", "2025-12-31", TRUE);

  g_assert_true (rapport_store_process_renewals_full (fixture->store, "2026-12-15", &options,
                                                      &created, &failures, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (created, ==, 2);
  g_assert_cmpuint (failures->len, ==, 1);
  failure = g_ptr_array_index (failures, 0);
  g_assert_cmpint (failure->contract_id, ==, contract_id);
  g_assert_cmpint (failure->customer_id, ==, claire);
  g_assert_cmpstr (failure->customer_name, ==, "Claire Dupont");
  g_assert_cmpstr (failure->product, ==, "Assistance");
  g_assert_error (failure->error, RAPPORT_ERROR, RAPPORT_ERROR_PARSE);

  notices = rapport_store_list_notices_all (fixture->store, -1, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (notices->len, ==, 2);
  for (guint i = 0; i < notices->len; i++)
    g_assert_cmpstr (((RapportNotice *) g_ptr_array_index (notices, i))->product, !=, "Assistance");
  assistance = rapport_store_get_contract (fixture->store, contract_id, &error);
  g_assert_no_error (error);
  g_assert_cmpint (assistance->state, ==, RAPPORT_CONTRACT_ACTIVE);

  {
    g_autofree char *fr = built_catalog_path ("fr");
    g_autofree char *contents = NULL;
    gsize size = 0;

    g_file_get_contents (fr, &contents, &size, &error);
    g_assert_no_error (error);
    install_catalog (localedir, "fr", contents, size);
  }
  g_clear_pointer (&failures, g_ptr_array_unref);
  g_assert_true (rapport_store_process_renewals_full (fixture->store, "2026-12-15", &options,
                                                      &created, &failures, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (created, ==, 1);
  g_assert_cmpuint (failures->len, ==, 0);
}

static void
test_notice_states (StoreFixture  *fixture,
                    gconstpointer  data)
{
  g_autoptr(GPtrArray) notices = NULL;
  g_autoptr(GError) error = NULL;
  gint64 anna, contract_id, notice_id, auto_id;

  anna = add_customer (fixture->store, "Anna Müller", "Anna", "Müller", "Frau", "de");
  contract_id = add_contract (fixture->store, anna, "Premium-Support", "2026-01-01", "2026-12-31", FALSE);
  auto_id = add_contract (fixture->store, anna, "Cloud-Backup", "2026-01-01", "2026-12-31", TRUE);
  g_assert_cmpuint (process (fixture->store, "2026-12-01"), ==, 2);

  notices = rapport_store_list_notices (fixture->store, contract_id, &error);
  g_assert_no_error (error);
  notice_id = ((RapportNotice *) g_ptr_array_index (notices, 0))->id;

#define ASSERT_STATES(notice_state, contract_state, has_sent_at) \
  G_STMT_START { \
    g_autoptr(RapportNotice) n_ = rapport_store_get_notice (fixture->store, notice_id, &error); \
    g_autoptr(RapportContract) c_ = get_contract (fixture->store, contract_id); \
    g_assert_no_error (error); \
    g_assert_cmpint (n_->state, ==, notice_state); \
    g_assert_cmpint (c_->state, ==, contract_state); \
    g_assert_true ((n_->sent_at != 0) == (has_sent_at)); \
  } G_STMT_END

  g_assert_true (rapport_store_set_notice_state (fixture->store, notice_id, RAPPORT_NOTICE_PREPARED, &error));
  ASSERT_STATES (RAPPORT_NOTICE_PREPARED, RAPPORT_CONTRACT_RENEWAL_DUE, FALSE);
  g_assert_true (rapport_store_set_notice_state (fixture->store, notice_id, RAPPORT_NOTICE_SENT, &error));
  ASSERT_STATES (RAPPORT_NOTICE_SENT, RAPPORT_CONTRACT_RENEWAL_DUE, TRUE);
  g_assert_true (rapport_store_set_notice_state (fixture->store, notice_id, RAPPORT_NOTICE_RENEWED, &error));
  ASSERT_STATES (RAPPORT_NOTICE_RENEWED, RAPPORT_CONTRACT_RENEWED, TRUE);
  /* Undone: the contract is open again. */
  g_assert_true (rapport_store_set_notice_state (fixture->store, notice_id, RAPPORT_NOTICE_SENT, &error));
  ASSERT_STATES (RAPPORT_NOTICE_SENT, RAPPORT_CONTRACT_RENEWAL_DUE, TRUE);
  g_assert_true (rapport_store_set_notice_state (fixture->store, notice_id, RAPPORT_NOTICE_LAPSED, &error));
  ASSERT_STATES (RAPPORT_NOTICE_LAPSED, RAPPORT_CONTRACT_LAPSED, TRUE);
  g_assert_true (rapport_store_set_notice_state (fixture->store, notice_id, RAPPORT_NOTICE_DUE, &error));
  ASSERT_STATES (RAPPORT_NOTICE_DUE, RAPPORT_CONTRACT_RENEWAL_DUE, FALSE);

#undef ASSERT_STATES

  /* An auto-renewing contract stays active when its notice is marked
   * renewed, and stops (lapsed) when the customer lets it go. */
  g_clear_pointer (&notices, g_ptr_array_unref);
  notices = rapport_store_list_notices (fixture->store, auto_id, &error);
  g_assert_no_error (error);
  notice_id = ((RapportNotice *) g_ptr_array_index (notices, 0))->id;
  g_assert_true (rapport_store_set_notice_state (fixture->store, notice_id, RAPPORT_NOTICE_RENEWED, &error));
  {
    g_autoptr(RapportContract) contract = get_contract (fixture->store, auto_id);

    g_assert_cmpint (contract->state, ==, RAPPORT_CONTRACT_ACTIVE);
  }
  g_assert_true (rapport_store_set_notice_state (fixture->store, notice_id, RAPPORT_NOTICE_LAPSED, &error));
  {
    g_autoptr(RapportContract) contract = get_contract (fixture->store, auto_id);

    g_assert_cmpint (contract->state, ==, RAPPORT_CONTRACT_LAPSED);
  }
  /* A lapsed contract does not roll. */
  g_assert_cmpuint (process (fixture->store, "2027-02-01"), ==, 0);
  {
    g_autoptr(RapportContract) contract = get_contract (fixture->store, auto_id);

    g_assert_cmpstr (contract->end_date, ==, "2026-12-31");
  }

  g_assert_false (rapport_store_set_notice_state (fixture->store, 9999, RAPPORT_NOTICE_SENT, &error));
  g_assert_error (error, RAPPORT_ERROR, RAPPORT_ERROR_NOT_FOUND);
  g_assert_nonnull (strstr (error->message, "9999"));
}

static void
test_render_stored_notice (StoreFixture  *fixture,
                           gconstpointer  data)
{
  g_autoptr(GPtrArray) notices = NULL;
  g_auto(RapportNoticeText) text = { NULL };
  g_autoptr(GError) error = NULL;
  const RapportNoticeTextOptions spanish = { .language = "es" };
  gint64 anna;

  g_assert_true (rapport_store_set_setting (fixture->store, "owner-name", "Jonas Keller", &error));
  anna = add_customer (fixture->store, "Anna Müller", "Anna", "Müller", "Frau", "de");
  add_contract (fixture->store, anna, "Premium-Support", "2026-01-01", "2026-12-31", FALSE);
  g_assert_cmpuint (process (fixture->store, "2026-12-01"), ==, 1);
  notices = rapport_store_list_notices_all (fixture->store, -1, &error);
  g_assert_no_error (error);

  g_assert_true (rapport_store_render_notice (fixture->store,
                                              ((RapportNotice *) g_ptr_array_index (notices, 0))->id,
                                              &spanish, &text, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (text.language, ==, "es");
  g_assert_cmpstr (text.subject, ==, "Su contrato de Premium-Support vence el 31 de diciembre de 2026");
  g_assert_true (g_str_has_prefix (text.body, "Estimada Sra. Müller:\n\n"));
  g_assert_true (g_str_has_suffix (text.body, "Atentamente,\nJonas Keller"));

  g_assert_false (rapport_store_render_notice (fixture->store, 4242, NULL, &text, &error));
  g_assert_error (error, RAPPORT_ERROR, RAPPORT_ERROR_NOT_FOUND);
  g_assert_null (text.body);
}

/* Two databases preparing the same contract's notice give it the same
 * UID (a version 5 UUID of the contract's UID and the date), so a sync
 * meets one notice, not two; a deleted notice is gone and is prepared
 * again, under the same UID. */
static void
test_notice_uid_and_delete (StoreFixture  *fixture,
                            gconstpointer  data)
{
  g_autoptr(GPtrArray) notices = NULL;
  g_autoptr(GPtrArray) again = NULL;
  g_autoptr(RapportContract) contract = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *a = rapport_notice_uid_for ("c0ffee00-2222-4333-8444-555566667777", "2026-11-01");
  g_autofree char *b = rapport_notice_uid_for ("c0ffee00-2222-4333-8444-555566667777", "2026-11-01");
  g_autofree char *other_date = rapport_notice_uid_for ("c0ffee00-2222-4333-8444-555566667777", "2027-11-01");
  g_autofree char *expected = NULL;
  g_autofree char *first_uid = NULL;
  gint64 anna, contract_id;

  g_assert_cmpstr (a, ==, b);
  g_assert_cmpstr (a, !=, other_date);
  g_assert_true (g_uuid_string_is_valid (a));
  g_assert_cmpint (a[14], ==, '5');
  g_assert_true (strchr ("89ab", a[19]) != NULL);

  anna = add_customer (fixture->store, "Anna Müller", "Anna", "Müller", "Frau", "de");
  contract_id = add_contract (fixture->store, anna, "Premium-Support", "2026-01-01", "2026-12-31", FALSE);
  g_assert_cmpuint (process (fixture->store, "2026-12-01"), ==, 1);
  contract = get_contract (fixture->store, contract_id);
  notices = rapport_store_list_notices (fixture->store, contract_id, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (notices->len, ==, 1);
  first_uid = g_strdup (((RapportNotice *) g_ptr_array_index (notices, 0))->uid);
  expected = rapport_notice_uid_for (contract->uid, ((RapportNotice *) g_ptr_array_index (notices, 0))->due_date);
  g_assert_cmpstr (first_uid, ==, expected);

  g_assert_true (rapport_store_delete_notice (fixture->store, ((RapportNotice *) g_ptr_array_index (notices, 0))->id,
                                              &error));
  g_assert_no_error (error);
  g_assert_false (rapport_store_delete_notice (fixture->store, ((RapportNotice *) g_ptr_array_index (notices, 0))->id,
                                               &error));
  g_assert_error (error, RAPPORT_ERROR, RAPPORT_ERROR_NOT_FOUND);
  g_clear_error (&error);

  g_assert_cmpuint (process (fixture->store, "2026-12-02"), ==, 1);
  again = rapport_store_list_notices (fixture->store, contract_id, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (again->len, ==, 1);
  g_assert_cmpstr (((RapportNotice *) g_ptr_array_index (again, 0))->uid, ==, first_uid);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  for (guint i = 0; i < G_N_ELEMENTS (letters); i++)
    {
      g_autofree char *path = g_strdup_printf ("/notices/letter/%s", letters[i].name);

      g_test_add_data_func (path, &letters[i], test_letter);
    }

  g_test_add_func ("/notices/greeting/follows-the-form-of-address", test_greetings);
  g_test_add_func ("/notices/catalog/every-shipped-language-writes-every-letter", test_catalogs_complete);
  g_test_add_func ("/notices/language/override-customer-business-english", test_language_choice);
  g_test_add_func ("/notices/locale/money-is-exact-and-local", test_locale_money);
  g_test_add_func ("/notices/locale/long-dates-never-shift", test_locale_date);
  g_test_add_func ("/notices/catalog/lookup-with-context-and-fallback-names", test_catalog_lookup);
  g_test_add_func ("/notices/catalog/any-tag-builds-no-path", test_catalog_any_tag_builds_no_path);
  g_test_add_func ("/notices/render/long-tag-falls-back", test_render_long_tag_falls_back);
  g_test_add ("/notices/catalog/language-and-region", TempFixture, NULL,
              temp_set_up, test_catalog_language_region, temp_tear_down);
  g_test_add ("/notices/catalog/both-byte-orders-and-plurals", TempFixture, NULL,
              temp_set_up, test_catalog_byte_orders_and_plurals, temp_tear_down);
  g_test_add ("/notices/catalog/every-truncation-is-refused", TempFixture, NULL,
              temp_set_up, test_catalog_truncated, temp_tear_down);
  g_test_add ("/notices/catalog/corrupt-offsets-are-refused", TempFixture, NULL,
              temp_set_up, test_catalog_corrupt, temp_tear_down);
  g_test_add ("/notices/render/damaged-catalog-is-an-error", TempFixture, NULL,
              temp_set_up, test_render_damaged_catalog, temp_tear_down);
  g_test_add ("/notices/render/incomplete-or-unsound-catalog-falls-back", TempFixture, NULL,
              temp_set_up, test_render_unsound_catalogs, temp_tear_down);
  g_test_add_func ("/notices/mailto/percent-encodes-with-crlf", test_mailto);
  g_test_add_func ("/notices/term/next-keeps-months-or-days", test_next_term);

#define ADD(path, func) \
  g_test_add (path, StoreFixture, NULL, store_fixture_set_up, func, store_fixture_tear_down)

  ADD ("/notices/process/creates-once-never-twice", test_process_creates_once);
  ADD ("/notices/process/business-language-and-signature-from-settings", test_process_uses_settings);
  ADD ("/notices/process/auto-renew-rolls-forward", test_process_auto_renew);
  ADD ("/notices/process/rolls-many-terms", test_process_rolls_many_terms);
  ADD ("/notices/process/skips-trash-and-closed-contracts", test_process_skips_trash_and_closed);
  ADD ("/notices/process/refused-pass-leaves-the-file", test_process_refused_leaves_file);
  ADD ("/notices/process/one-failure-is-its-own", test_process_one_failure_is_its_own);
  ADD ("/notices/state/moves-the-contract", test_notice_states);
  ADD ("/notices/render/stored-notice-in-another-language", test_render_stored_notice);
  ADD ("/notices/store/uid-from-contract-and-date-and-delete", test_notice_uid_and_delete);

#undef ADD

  return g_test_run ();
}
