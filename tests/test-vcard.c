/* test-vcard.c
 *
 * The vCard reader and writer, and the customer <-> vCard mapping.
 */

#include "config.h"

#include <string.h>

#include "rapport-customer.h"
#include "rapport-error.h"
#include "rapport-store.h"
#include "rapport-types.h"
#include "rapport-vcard.h"
#include "rapport-vcard-customer.h"

#define ORG_UID "0b8f3a52-7d0e-4f7a-9a51-3f1f3f7c2d10"

/* Helpers */

static RapportVCard *
parse_one (const char *text)
{
  g_autoptr(GError) error = NULL;
  RapportVCard *card = rapport_vcard_new_from_string (text, -1, &error);

  g_assert_no_error (error);
  g_assert_nonnull (card);

  return card;
}

/* Joins folded lines again and turns CRLF into LF. */
static char *
unfold (const char *text)
{
  GString *out = g_string_new (NULL);

  for (const char *p = text; *p != '\0'; p++)
    {
      if (p[0] == '\r' && p[1] == '\n' && (p[2] == ' ' || p[2] == '\t'))
        p += 2;
      else if (p[0] == '\r' && p[1] == '\n')
        {
          g_string_append_c (out, '\n');
          p++;
        }
      else
        g_string_append_c (out, *p);
    }

  return g_string_free (out, FALSE);
}

/* Whether the unfolded @text holds @line as a whole line. */
static gboolean
has_line (const char *text,
          const char *line)
{
  g_autofree char *unfolded = unfold (text);
  g_autofree char *needle = g_strconcat ("\n", line, "\n", NULL);
  g_autofree char *haystack = g_strconcat ("\n", unfolded, NULL);

  return strstr (haystack, needle) != NULL;
}

#define assert_has_line(text, line) \
  G_STMT_START { \
    if (!has_line ((text), (line))) \
      g_error ("expected the line “%s” in:\n%s", (line), (text)); \
  } G_STMT_END

#define assert_lacks_line(text, line) \
  G_STMT_START { \
    if (has_line ((text), (line))) \
      g_error ("did not expect the line “%s” in:\n%s", (line), (text)); \
  } G_STMT_END

/* Every line ends with CRLF, is valid UTF-8 and at most 75 octets. */
static void
assert_well_formed_output (const char *text)
{
  const char *p = text;
  guint n_lines = 0;

  g_assert_true (g_str_has_suffix (text, "\r\n"));

  while (*p != '\0')
    {
      const char *end = strstr (p, "\r\n");
      gsize len;

      g_assert_nonnull (end);
      len = end - p;
      g_assert_null (memchr (p, '\n', len));
      g_assert_null (memchr (p, '\r', len));
      g_assert_cmpuint (len, <=, 75);
      g_assert_true (g_utf8_validate_len (p, len, NULL));
      if (n_lines > 0 && (*p == ' ' || *p == '\t'))
        g_assert_cmpuint (len, >, 1);
      p = end + 2;
      n_lines++;
    }
}

static void
assert_parse_error (const char *text,
                    gssize      length,
                    const char *message_part)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) cards = rapport_vcard_parse_all (text, length, &error);

  g_assert_error (error, RAPPORT_ERROR, RAPPORT_ERROR_PARSE);
  g_assert_null (cards);
  if (strstr (error->message, message_part) == NULL)
    g_error ("expected “%s” in the message “%s”", message_part, error->message);
}

static RapportCustomer *
make_person (void)
{
  RapportCustomer *customer = rapport_customer_new (RAPPORT_CUSTOMER_KIND_PERSON);
  RapportAddress *address;

  customer->uid = g_strdup ("5c0c4c7e-2b4e-4bd2-8f0e-6b1c2a9d7e31");
  customer->display_name = g_strdup ("Amara Okafor-Müller");
  customer->given_name = g_strdup ("Amara");
  customer->family_name = g_strdup ("Okafor-Müller");
  customer->organization_name = g_strdup ("Lagos Textiles, Ltd; Export");
  customer->job_title = g_strdup ("Head of Purchasing");
  customer->form_of_address = g_strdup ("Dr.");
  customer->first_name_basis = TRUE;
  customer->language = g_strdup ("en-NG");
  customer->time_zone = g_strdup ("Africa/Lagos");
  customer->country = g_strdup ("NG");
  customer->preferred_channel = RAPPORT_CHANNEL_IN_PERSON;
  customer->best_time = g_strdup ("mornings, before 11:00");
  customer->cultural_notes = g_strdup ("Prefers “Dr.”; greets with a handshake.\nNo calls on Fridays.");
  customer->notes = g_strdup ("Met at the Lagos fair; wants samples\\swatches, 3 colours.");
  customer->phonetic_name = g_strdup ("AH-mah-rah oh-KAH-for");
  customer->consent_marketing = TRUE;
  customer->consent_date = g_strdup ("2026-03-14");
  customer->consent_basis = g_strdup ("Signed form at the Lagos fair; newsletter only");
  customer->modified = 1767225600 + 3723;  /* 2026-01-01T01:02:03Z */

  rapport_customer_add_email (customer, "amara@lagos-textiles.example", "work", TRUE);
  rapport_customer_add_email (customer, "amara.okafor@mail.example", "home", FALSE);
  rapport_customer_add_email (customer, "billing@lagos-textiles.example", "Billing, EU", FALSE);
  rapport_customer_add_email (customer, "old@mail.example", "other", FALSE);
  rapport_customer_add_phone (customer, "+2348031234567", "mobile", TRUE);
  rapport_customer_add_phone (customer, "+23412345678;ext=12", "work", FALSE);
  rapport_customer_add_phone (customer, "+23412345679", "fax", FALSE);
  rapport_customer_add_phone (customer, "+23412345670", "other", FALSE);

  address = rapport_customer_add_address (customer, "work");
  address->street = g_strdup ("12 Marina Road, Block C; Floor 3");
  address->locality = g_strdup ("Lagos");
  address->region = g_strdup ("Lagos State");
  address->postal_code = g_strdup ("101001");
  address->country = g_strdup ("NG");
  address->preferred = TRUE;

  address = rapport_customer_add_address (customer, "Warehouse");
  address->street = g_strdup ("Industriestraße 5");
  address->locality = g_strdup ("Köln");
  address->postal_code = g_strdup ("50667");
  address->country = g_strdup ("DE");

  rapport_customer_add_type (customer, "b2b");
  rapport_customer_add_type (customer, "vip");
  rapport_customer_add_type (customer, "international");

  return customer;
}

static RapportCustomer *
make_organization (void)
{
  RapportCustomer *customer = rapport_customer_new (RAPPORT_CUSTOMER_KIND_ORGANIZATION);

  customer->uid = g_strdup (ORG_UID);
  customer->display_name = g_strdup ("Lagos Textiles, Ltd");
  customer->language = g_strdup ("en");
  customer->time_zone = g_strdup ("Africa/Lagos");
  customer->country = g_strdup ("NG");
  customer->preferred_channel = RAPPORT_CHANNEL_EMAIL;
  customer->notes = g_strdup ("Key account");
  rapport_customer_add_email (customer, "info@lagos-textiles.example", "work", TRUE);
  rapport_customer_add_type (customer, "b2b");

  return customer;
}

static void
assert_points_equal (GPtrArray *a,
                     GPtrArray *b)
{
  g_assert_cmpuint (a->len, ==, b->len);
  for (guint i = 0; i < a->len; i++)
    {
      const RapportContactPoint *x = g_ptr_array_index (a, i);
      const RapportContactPoint *y = g_ptr_array_index (b, i);

      g_assert_cmpstr (x->value, ==, y->value);
      g_assert_cmpstr (x->label, ==, y->label);
      g_assert_cmpint (x->preferred, ==, y->preferred);
    }
}

static void
assert_customers_equal (const RapportCustomer *a,
                        const RapportCustomer *b)
{
  g_assert_cmpint (a->kind, ==, b->kind);
  g_assert_cmpstr (a->uid, ==, b->uid);
  g_assert_cmpstr (a->display_name, ==, b->display_name);
  g_assert_cmpstr (a->given_name, ==, b->given_name);
  g_assert_cmpstr (a->family_name, ==, b->family_name);
  if (a->kind == RAPPORT_CUSTOMER_KIND_PERSON)
    g_assert_cmpstr (a->organization_name, ==, b->organization_name);
  g_assert_cmpstr (a->job_title, ==, b->job_title);
  g_assert_cmpstr (a->form_of_address, ==, b->form_of_address);
  g_assert_cmpint (a->first_name_basis, ==, b->first_name_basis);
  g_assert_cmpstr (a->language, ==, b->language);
  g_assert_cmpstr (a->time_zone, ==, b->time_zone);
  g_assert_cmpstr (a->country, ==, b->country);
  g_assert_cmpint (a->preferred_channel, ==, b->preferred_channel);
  g_assert_cmpstr (a->best_time, ==, b->best_time);
  g_assert_cmpstr (a->cultural_notes, ==, b->cultural_notes);
  g_assert_cmpstr (a->notes, ==, b->notes);
  g_assert_cmpstr (a->phonetic_name, ==, b->phonetic_name);
  g_assert_cmpint (a->consent_marketing, ==, b->consent_marketing);
  g_assert_cmpstr (a->consent_date, ==, b->consent_date);
  g_assert_cmpstr (a->consent_basis, ==, b->consent_basis);
  g_assert_cmpint (a->modified, ==, b->modified);

  assert_points_equal (a->emails, b->emails);
  assert_points_equal (a->phones, b->phones);

  g_assert_cmpuint (a->addresses->len, ==, b->addresses->len);
  for (guint i = 0; i < a->addresses->len; i++)
    {
      const RapportAddress *x = g_ptr_array_index (a->addresses, i);
      const RapportAddress *y = g_ptr_array_index (b->addresses, i);

      g_assert_cmpstr (x->label, ==, y->label);
      g_assert_cmpstr (x->street, ==, y->street);
      g_assert_cmpstr (x->locality, ==, y->locality);
      g_assert_cmpstr (x->region, ==, y->region);
      g_assert_cmpstr (x->postal_code, ==, y->postal_code);
      g_assert_cmpstr (x->country, ==, y->country);
      g_assert_cmpint (x->preferred, ==, y->preferred);
    }

  g_assert_cmpuint (a->types->len, ==, b->types->len);
  for (guint i = 0; i < a->types->len; i++)
    g_assert_cmpstr (g_ptr_array_index (a->types, i), ==, g_ptr_array_index (b->types, i));
}

/* Writes @customer, parses the text and reads it back. */
static RapportCustomer *
round_trip (const RapportCustomer  *customer,
            RapportVCardVersion     version,
            const char             *organization_uid,
            RapportVCard           *base,
            char                  **text_out,
            char                  **organization_uid_out)
{
  g_autoptr(RapportVCard) card = rapport_vcard_from_customer (customer, version, organization_uid, base);
  g_autoptr(RapportVCard) parsed = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *text = rapport_vcard_to_string (card);
  RapportCustomer *back;

  assert_well_formed_output (text);
  parsed = parse_one (text);
  g_assert_cmpstr (rapport_vcard_get_version (parsed), ==,
                   version == RAPPORT_VCARD_VERSION_4_0 ? "4.0" : "3.0");

  back = rapport_vcard_to_customer (parsed, organization_uid_out, &error);
  g_assert_no_error (error);
  g_assert_nonnull (back);

  if (text_out != NULL)
    *text_out = g_steal_pointer (&text);

  return back;
}

/* Reader */

static void
test_read_unfolds (void)
{
  g_autoptr(RapportVCard) card = parse_one ("BEGIN:VCARD\r\n"
                                            "VERSION:4.0\r\n"
                                            "FN:Amara\r\n"
                                            " Okafor\r\n"
                                            "NOTE:one\r\n"
                                            "\t two\r\n"
                                            "  three\r\n"
                                            "END:VCARD\r\n");
  g_autofree char *fn = rapport_vcard_dup_text (card, "FN");
  g_autofree char *note = rapport_vcard_dup_text (card, "note");

  g_assert_cmpstr (rapport_vcard_get_version (card), ==, "4.0");
  g_assert_cmpuint (rapport_vcard_get_n_properties (card), ==, 2);
  g_assert_cmpstr (fn, ==, "AmaraOkafor");
  g_assert_cmpstr (note, ==, "one two three");
}

static void
test_read_lf_only (void)
{
  g_autoptr(RapportVCard) card = parse_one ("begin:vcard\n"
                                            "version:3.0\n"
                                            "fn:Chidi\n"
                                            " Eze\n"
                                            "tel;type=work:+234 1 234\n"
                                            "end:vcard\n");
  g_autofree char *fn = rapport_vcard_dup_text (card, "FN");
  RapportVCardProperty *tel = rapport_vcard_get_first (card, "TEL");

  g_assert_cmpstr (fn, ==, "ChidiEze");
  g_assert_nonnull (tel);
  g_assert_cmpstr (rapport_vcard_property_get_name (tel), ==, "TEL");
  g_assert_cmpstr (rapport_vcard_property_get_value (tel), ==, "+234 1 234");
  g_assert_true (rapport_vcard_property_has_param_value (tel, "TYPE", "WORK"));
}

static void
test_read_quoted_printable (void)
{
  g_autoptr(RapportVCard) card = parse_one ("BEGIN:VCARD\r\n"
                                            "VERSION:2.1\r\n"
                                            "N;CHARSET=ISO-8859-1;ENCODING=QUOTED-PRINTABLE:M=FCller;J=FCrgen;;;\r\n"
                                            "FN;CHARSET=UTF-8;ENCODING=QUOTED-PRINTABLE:J=C3=BCrgen M=C3=BCller\r\n"
                                            "NOTE;ENCODING=QUOTED-PRINTABLE;CHARSET=UTF-8:Caf=C3=A9 au lait, 2=3D2=0D=0A=\r\n"
                                            "second line=\r\n"
                                            " continued\r\n"
                                            "END:VCARD\r\n");
  RapportVCardProperty *n = rapport_vcard_get_first (card, "N");
  RapportVCardProperty *note = rapport_vcard_get_first (card, "NOTE");
  g_auto(GStrv) parts = rapport_vcard_property_dup_components (n);
  g_autofree char *fn = rapport_vcard_dup_text (card, "FN");
  g_autofree char *note_text = rapport_vcard_property_dup_text (note);
  g_autofree char *text = NULL;
  g_autoptr(RapportVCard) again = NULL;
  g_autofree char *note_again = NULL;

  g_assert_cmpstr (parts[0], ==, "Müller");
  g_assert_cmpstr (parts[1], ==, "Jürgen");
  g_assert_cmpstr (fn, ==, "Jürgen Müller");
  g_assert_cmpstr (note_text, ==, "Café au lait, 2=2\nsecond linecontinued");
  g_assert_null (rapport_vcard_property_get_param (note, "ENCODING"));
  g_assert_null (rapport_vcard_property_get_param (note, "CHARSET"));
  g_assert_null (rapport_vcard_property_get_original_line (note));

  /* Written back as plain UTF-8 text */
  text = rapport_vcard_to_string (card);
  g_assert_null (strstr (text, "QUOTED-PRINTABLE"));
  again = parse_one (text);
  note_again = rapport_vcard_dup_text (again, "NOTE");
  g_assert_cmpstr (note_again, ==, note_text);
}

/* A soft line break needs ENCODING=QUOTED-PRINTABLE (or the bare 2.1
 * word): a parameter value that merely says so does not join lines. And
 * whatever joined lines must be decoded, so that no raw line ending in a
 * soft break is written back. */
static void
test_read_soft_breaks_only_for_quoted_printable (void)
{
  g_autoptr(RapportVCard) card = parse_one ("BEGIN:VCARD\r\n"
                                            "VERSION:2.1\r\n"
                                            "NOTE;X-A=QUOTED-PRINTABLE:abc=\r\n"
                                            "FN:X\r\n"
                                            "TITLE;ENCODING=8BIT;QUOTED-PRINTABLE:a=3Db=\r\n"
                                            "c\r\n"
                                            "ROLE;ENCODING=QUOTED-PRINTABLE:buyer=\r\n"
                                            "END:VCARD\r\n");
  g_autofree char *note = rapport_vcard_dup_text (card, "NOTE");
  g_autofree char *fn = rapport_vcard_dup_text (card, "FN");
  g_autofree char *title = rapport_vcard_dup_text (card, "TITLE");
  g_autofree char *text = NULL;
  g_autoptr(RapportVCard) again = NULL;
  g_autofree char *text_again = NULL;

  g_assert_cmpstr (note, ==, "abc=");
  g_assert_cmpstr (fn, ==, "X");
  g_assert_cmpstr (title, ==, "a=bc");
  g_assert_nonnull (rapport_vcard_get_first (card, "ROLE"));
  g_assert_cmpstr (rapport_vcard_property_get_value (rapport_vcard_get_first (card, "ROLE")), ==, "buyer=");
  g_assert_null (rapport_vcard_property_get_original_line (rapport_vcard_get_first (card, "TITLE")));

  text = rapport_vcard_to_string (card);
  again = parse_one (text);
  text_again = rapport_vcard_to_string (again);
  g_assert_cmpstr (text_again, ==, text);
}

/* Without CHARSET the decoded bytes must be UTF-8: Latin-1 is refused. */
static void
test_read_quoted_printable_latin1_needs_charset (void)
{
  assert_parse_error ("BEGIN:VCARD\r\n"
                      "VERSION:2.1\r\n"
                      "ADR;HOME;QUOTED-PRINTABLE:;;Stra=DFe 1;K=F6ln;;;\r\n"
                      "END:VCARD\r\n",
                      -1,
                      "line 3: the value of ADR is not valid UTF-8");
}

static void
test_read_keeps_base64 (void)
{
  const char *photo = "/9j/4AAQSkZJRgABAQEASABIAAD/2wBDAP//////////////////////////////////////"
                      "////////////////////////////////////////////////wgALCAABAAEBAREA/8QAFBABAA"
                      "AAAAAAAAAAAAAAAAAAAP/aAAgBAQABPxA=";
  g_autofree char *folded = NULL;
  g_autofree char *input = NULL;
  g_autoptr(RapportVCard) card = NULL;
  g_autoptr(RapportVCard) card21 = NULL;
  g_autofree char *output = NULL;
  g_autofree char *line = NULL;
  RapportVCardProperty *property;
  GString *f = g_string_new (NULL);

  for (gsize i = 0; i < strlen (photo); i += 60)
    g_string_append_printf (f, "%s%.*s", i == 0 ? "" : "\r\n ", 60, photo + i);
  folded = g_string_free (f, FALSE);

  input = g_strconcat ("BEGIN:VCARD\r\nVERSION:3.0\r\nFN:X\r\n"
                       "PHOTO;ENCODING=b;TYPE=JPEG:", folded, "\r\nEND:VCARD\r\n", NULL);
  card = parse_one (input);
  property = rapport_vcard_get_first (card, "PHOTO");
  g_assert_cmpstr (rapport_vcard_property_get_value (property), ==, photo);
  g_assert_true (rapport_vcard_property_has_param_value (property, "ENCODING", "b"));

  output = rapport_vcard_to_string (card);
  assert_well_formed_output (output);
  line = g_strconcat ("PHOTO;ENCODING=b;TYPE=JPEG:", photo, NULL);
  assert_has_line (output, line);

  /* 2.1: base64 lines without leading blanks, ended by a blank line */
  card21 = parse_one ("BEGIN:VCARD\r\n"
                      "VERSION:2.1\r\n"
                      "PHOTO;ENCODING=BASE64;JPEG:/9j/4AAQSkZJRgAB\r\n"
                      "AQEASABIAAD/2wBD\r\n"
                      "AP//wgALCAAB==\r\n"
                      "\r\n"
                      "FN:Y\r\n"
                      "END:VCARD\r\n");
  property = rapport_vcard_get_first (card21, "PHOTO");
  g_assert_cmpstr (rapport_vcard_property_get_value (property), ==,
                   "/9j/4AAQSkZJRgABAQEASABIAAD/2wBDAP//wgALCAAB==");
  g_assert_true (rapport_vcard_property_has_param_value (property, "ENCODING", "BASE64"));
  g_assert_true (rapport_vcard_property_has_param_value (property, "TYPE", "JPEG"));
  g_assert_nonnull (rapport_vcard_get_first (card21, "FN"));
}

static void
test_read_keeps_groups (void)
{
  const char *input = "BEGIN:VCARD\r\n"
                      "VERSION:3.0\r\n"
                      "FN:Amara\r\n"
                      "item1.EMAIL;type=INTERNET;type=pref:amara@example.com\r\n"
                      "item1.X-ABLabel:_$!<Other>!$_\r\n"
                      "Item2.URL:https://example.com/a\\,b\r\n"
                      "END:VCARD\r\n";
  g_autoptr(RapportVCard) card = parse_one (input);
  RapportVCardProperty *email = rapport_vcard_get_first (card, "EMAIL");
  RapportVCardProperty *label = rapport_vcard_get_first (card, "X-ABLABEL");
  g_autofree char *output = NULL;

  g_assert_cmpstr (rapport_vcard_property_get_group (email), ==, "item1");
  g_assert_cmpstr (rapport_vcard_property_get_group (label), ==, "item1");
  g_assert_cmpstr (rapport_vcard_property_get_name (label), ==, "X-ABLABEL");
  g_assert_true (rapport_vcard_property_has_param_value (email, "TYPE", "PREF"));
  g_assert_cmpstr (rapport_vcard_property_get_group (rapport_vcard_get_first (card, "URL")), ==, "Item2");

  output = rapport_vcard_to_string (card);
  assert_has_line (output, "item1.EMAIL;type=INTERNET;type=pref:amara@example.com");
  assert_has_line (output, "item1.X-ABLabel:_$!<Other>!$_");
  assert_has_line (output, "Item2.URL:https://example.com/a\\,b");
}

static void
test_read_bare_parameters (void)
{
  g_autoptr(RapportVCard) card = parse_one ("BEGIN:VCARD\r\n"
                                            "VERSION:2.1\r\n"
                                            "N:Eze;Chidi\r\n"
                                            "TEL;CELL:+2348030000001\r\n"
                                            "TEL;WORK;VOICE;PREF:+2341000002\r\n"
                                            "EMAIL;INTERNET:chidi@example.com\r\n"
                                            "END:VCARD\r\n");
  g_autoptr(GPtrArray) tels = rapport_vcard_get_all (card, "TEL");
  RapportVCardProperty *cell;
  RapportVCardProperty *work;
  const char * const *types;

  g_assert_cmpuint (tels->len, ==, 2);
  cell = g_ptr_array_index (tels, 0);
  work = g_ptr_array_index (tels, 1);
  g_assert_true (rapport_vcard_property_has_param_value (cell, "TYPE", "cell"));
  g_assert_cmpstr (rapport_vcard_property_get_value (cell), ==, "+2348030000001");
  types = rapport_vcard_property_get_param (work, "type");
  g_assert_nonnull (types);
  g_assert_cmpstr (types[0], ==, "WORK");
  g_assert_cmpstr (types[1], ==, "VOICE");
  g_assert_cmpstr (types[2], ==, "PREF");
  g_assert_null (types[3]);
}

static void
test_read_quoted_parameters (void)
{
  g_autoptr(RapportVCard) card = parse_one ("BEGIN:VCARD\r\n"
                                            "VERSION:4.0\r\n"
                                            "FN:X\r\n"
                                            "ADR;LABEL=\"Marina Rd 12, Lagos; NG: Floor 3\";TYPE=work,home:;;Marina Rd 12;Lagos;;;NG\r\n"
                                            "NOTE;X-QUOTE=\"say ^'hi^'^nbye ^^\";TYPE=\"a,b\":x\r\n"
                                            "END:VCARD\r\n");
  RapportVCardProperty *adr = rapport_vcard_get_first (card, "ADR");
  RapportVCardProperty *note = rapport_vcard_get_first (card, "NOTE");
  const char * const *label = rapport_vcard_property_get_param (adr, "LABEL");
  const char * const *types = rapport_vcard_property_get_param (adr, "TYPE");
  const char * const *quote = rapport_vcard_property_get_param (note, "X-QUOTE");
  const char * const *note_types = rapport_vcard_property_get_param (note, "TYPE");

  g_assert_cmpstr (label[0], ==, "Marina Rd 12, Lagos; NG: Floor 3");
  g_assert_null (label[1]);
  g_assert_cmpstr (types[0], ==, "work");
  g_assert_cmpstr (types[1], ==, "home");
  g_assert_cmpstr (rapport_vcard_property_get_value (adr), ==, ";;Marina Rd 12;Lagos;;;NG");
  g_assert_cmpstr (quote[0], ==, "say \"hi\"\nbye ^");
  g_assert_cmpstr (note_types[0], ==, "a,b");
  g_assert_null (note_types[1]);
  g_assert_cmpstr (rapport_vcard_property_get_value (note), ==, "x");
}

/* A card of one @name line with @count parameters: P0=a;P1=a... when
 * @kind is 'p', TYPE=a,a... when 'v', 2.1 bare ;WORK;WORK... when 'b'. */
static char *
card_with_parameters (const char *name,
                      char        kind,
                      guint       count)
{
  GString *s = g_string_new (kind == 'b' ? "BEGIN:VCARD\r\nVERSION:2.1\r\nN:Eze;Chidi\r\n"
                                         : "BEGIN:VCARD\r\nVERSION:4.0\r\nFN:Chidi\r\n");

  g_string_append (s, name);
  if (kind == 'v')
    g_string_append (s, ";TYPE=");
  for (guint i = 0; i < count; i++)
    {
      if (kind == 'p')
        g_string_append_printf (s, ";P%u=a", i);
      else if (kind == 'v')
        g_string_append_printf (s, "%sv%u", i > 0 ? "," : "", i);
      else
        g_string_append (s, ";WORK");
    }
  g_string_append (s, ":+2348030000001\r\nEND:VCARD\r\n");

  return g_string_free (s, FALSE);
}

/* Finding a parameter by name and adding a value cost time in the number
 * already read: 40,000 on one line took seconds. The reader refuses more
 * than 256 parameters or 256 values on a line, after reading 257. */
static void
test_read_refuses_many_parameters (void)
{
  static const struct
  {
    char        kind;
    guint       count;
    const char *message;
  } cases[] = {
    { 'p', 40000, "line 4: TEL has more than 256 parameters" },
    { 'v', 40000, "line 4: TEL has more than 256 parameter values" },
    { 'b', 40000, "line 4: TEL has more than 256 parameter values" },
    { 'p', 257, "line 4: TEL has more than 256 parameters" },
    { 'v', 257, "line 4: TEL has more than 256 parameter values" },
  };

  if (g_test_subprocess ())
    {
      for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
        {
          g_autofree char *text = card_with_parameters ("TEL", cases[i].kind, cases[i].count);

          assert_parse_error (text, -1, cases[i].message);
        }
      return;
    }

  /* A watchdog against the old cost, not a measurement. */
  g_test_trap_subprocess (NULL, 10 * G_USEC_PER_SEC, G_TEST_SUBPROCESS_INHERIT_STDERR);
  g_test_trap_assert_passed ();
}

/* Up to the limit, parameters and values are read, kept and written. */
static void
test_read_keeps_many_parameters (void)
{
  static const struct
  {
    char  kind;
    guint count;
  } cases[] = {
    { 'p', 200 }, { 'v', 200 }, { 'b', 200 }, { 'p', 256 }, { 'v', 256 },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *text = card_with_parameters ("TEL", cases[i].kind, cases[i].count);
      g_autoptr(RapportVCard) card = parse_one (text);
      RapportVCardProperty *tel = rapport_vcard_get_first (card, "TEL");
      g_autoptr(RapportVCard) back = NULL;
      g_autofree char *written = NULL;
      RapportVCardProperty *tel_back;
      const char * const *types;

      g_autofree char *last = g_strdup_printf ("%c%u", cases[i].kind == 'p' ? 'P' : 'v',
                                               cases[i].count - 1);

      if (cases[i].kind == 'p')
        {
          g_assert_cmpuint (rapport_vcard_property_get_n_params (tel), ==, cases[i].count);
          g_assert_cmpstr (rapport_vcard_property_get_param_name (tel, cases[i].count - 1), ==, last);
        }
      else
        {
          g_assert_cmpuint (rapport_vcard_property_get_n_params (tel), ==, 1);
          types = rapport_vcard_property_get_param (tel, "TYPE");
          g_assert_cmpuint (g_strv_length ((GStrv) types), ==, cases[i].count);
          g_assert_cmpstr (types[cases[i].count - 1], ==, cases[i].kind == 'b' ? "WORK" : last);
        }

      /* Written from the parts, and read back the same. */
      if (cases[i].count < 256)
        {
          rapport_vcard_property_add_param (tel, "TYPE", "cell");
          written = rapport_vcard_to_string (card);
          assert_well_formed_output (written);
          back = parse_one (written);
          tel_back = rapport_vcard_get_first (back, "TEL");
          g_assert_cmpuint (rapport_vcard_property_get_n_params (tel_back), ==,
                            rapport_vcard_property_get_n_params (tel));
          for (guint j = 0; j < rapport_vcard_property_get_n_params (tel); j++)
            {
              const char *name = rapport_vcard_property_get_param_name (tel, j);
              const char * const *values = rapport_vcard_property_get_param (tel, name);
              const char * const *values_back = rapport_vcard_property_get_param (tel_back, name);

              g_assert_cmpstr (rapport_vcard_property_get_param_name (tel_back, j), ==, name);
              g_assert_cmpuint (g_strv_length ((GStrv) values_back), ==, g_strv_length ((GStrv) values));
              for (guint k = 0; values[k] != NULL; k++)
                g_assert_cmpstr (values_back[k], ==, values[k]);
            }
          g_assert_cmpstr (rapport_vcard_property_get_value (tel_back), ==, "+2348030000001");
        }
    }
}

static void
test_read_stream (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) cards = NULL;
  g_autoptr(GPtrArray) none = NULL;
  g_autoptr(GString) big = g_string_new (NULL);
  g_autoptr(GPtrArray) many = NULL;
  const char *names[] = { "Ada", "Bola", "Chidi" };

  cards = rapport_vcard_parse_all ("\xEF\xBB\xBF" "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Ada\r\nEND:VCARD\r\n"
                                   "\r\n"
                                   "BEGIN:VCARD\nVERSION:4.0\nFN:Bola\nEND:VCARD\n"
                                   "BEGIN:VCARD\r\nVERSION:2.1\r\nFN:Chidi\r\nEND:VCARD",
                                   -1, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (cards->len, ==, 3);
  for (guint i = 0; i < cards->len; i++)
    {
      g_autofree char *fn = rapport_vcard_dup_text (g_ptr_array_index (cards, i), "FN");

      g_assert_cmpstr (fn, ==, names[i]);
    }
  g_assert_cmpstr (rapport_vcard_get_version (g_ptr_array_index (cards, 2)), ==, "2.1");

  none = rapport_vcard_parse_all (" \r\n\r\n", -1, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (none->len, ==, 0);

  for (guint i = 0; i < 10000; i++)
    g_string_append_printf (big,
                            "BEGIN:VCARD\r\nVERSION:4.0\r\nUID:urn:uuid:%08x-0000-4000-8000-000000000000\r\n"
                            "FN:Customer %u\r\nN:%u;Customer;;;\r\nEMAIL;TYPE=work;PREF=1:c%u@example.com\r\n"
                            "TEL;TYPE=cell:+4930%07u\r\nADR;TYPE=work:;;Street %u;Berlin;;10115;DE\r\n"
                            "NOTE:A note that is long enough to be folded once by a writer that folds at\r\n"
                            "  seventy-five octets\\, as they all do.\r\nEND:VCARD\r\n",
                            i, i, i, i, i, i);
  many = rapport_vcard_parse_all (big->str, big->len, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (many->len, ==, 10000);
  g_assert_cmpuint (rapport_vcard_get_n_properties (g_ptr_array_index (many, 9999)), ==, 7);
}

typedef struct
{
  const char *path;
  const char *input;
  gssize      length;
  const char *message;
} MalformedCase;

#define MALFORMED(path, input, message) { path, input, sizeof (input) - 1, message }

static const MalformedCase malformed_cases[] = {
  MALFORMED ("/vcard/read/rejects/invalid-utf8",
             "BEGIN:VCARD\r\nVERSION:4.0\r\nFN:Bad \xC3\x28 byte\r\nEND:VCARD\r\n",
             "line 3: the text is not valid UTF-8"),
  MALFORMED ("/vcard/read/rejects/nul-byte-as-invalid-utf8",
             "BEGIN:VCARD\r\nVERSION:4.0\r\nFN:B\0d\r\nEND:VCARD\r\n",
             "line 3: the text is not valid UTF-8 (it holds a NUL byte)"),
  MALFORMED ("/vcard/read/rejects/missing-begin",
             "VERSION:4.0\r\nFN:Ada\r\nEND:VCARD\r\n",
             "line 1: expected “BEGIN:VCARD”"),
  MALFORMED ("/vcard/read/rejects/text-between-cards",
             "BEGIN:VCARD\r\nVERSION:4.0\r\nFN:Ada\r\nEND:VCARD\r\nFN:Stray\r\n",
             "line 5: expected “BEGIN:VCARD”"),
  MALFORMED ("/vcard/read/rejects/missing-end",
             "BEGIN:VCARD\r\nVERSION:4.0\r\nFN:Ada\r\n\r\nBEGIN:VCARD\r\nVERSION:4.0\r\nFN:Bo\r\nEND:VCARD\r\n",
             "line 5: a vCard begins inside the vCard of line 1"),
  MALFORMED ("/vcard/read/rejects/missing-end-at-end-of-input",
             "BEGIN:VCARD\r\nVERSION:4.0\r\nFN:Ada\r\n",
             "line 1: the vCard that begins here has no “END:VCARD”"),
  MALFORMED ("/vcard/read/rejects/missing-version",
             "BEGIN:VCARD\r\nFN:Ada\r\nEND:VCARD\r\n",
             "line 1: the vCard that begins here has no VERSION"),
  MALFORMED ("/vcard/read/rejects/unsupported-version",
             "BEGIN:VCARD\r\nVERSION:5.0\r\nFN:Ada\r\nEND:VCARD\r\n",
             "line 2: vCard version “5.0” is not supported"),
  MALFORMED ("/vcard/read/rejects/line-without-colon",
             "BEGIN:VCARD\r\nVERSION:4.0\r\nFN Ada\r\nEND:VCARD\r\n",
             "line 3: “FN Ada” is not a vCard property"),
  MALFORMED ("/vcard/read/rejects/empty-name",
             "BEGIN:VCARD\r\nVERSION:4.0\r\n:Ada\r\nEND:VCARD\r\n",
             "line 3:"),
  MALFORMED ("/vcard/read/rejects/unclosed-quote",
             "BEGIN:VCARD\r\nVERSION:4.0\r\nFN:Ada\r\nADR;LABEL=\"Marina Rd:;;Marina Rd;;;;\r\nEND:VCARD\r\n",
             "line 4: a quoted parameter value of ADR is not closed"),
  MALFORMED ("/vcard/read/rejects/unknown-charset",
             "BEGIN:VCARD\r\nVERSION:2.1\r\nFN;CHARSET=X-NO-SUCH;ENCODING=QUOTED-PRINTABLE:=E9\r\nEND:VCARD\r\n",
             "line 3: the value of FN cannot be read as X-NO-SUCH"),
};

static void
test_read_rejects (gconstpointer data)
{
  const MalformedCase *c = data;

  assert_parse_error (c->input, c->length, c->message);
}

static void
test_read_single_card (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(RapportVCard) none = NULL;
  g_autoptr(RapportVCard) two = NULL;

  none = rapport_vcard_new_from_string ("", 0, &error);
  g_assert_error (error, RAPPORT_ERROR, RAPPORT_ERROR_PARSE);
  g_assert_null (none);
  g_assert_nonnull (strstr (error->message, "no vCard"));
  g_clear_error (&error);

  two = rapport_vcard_new_from_string ("BEGIN:VCARD\r\nVERSION:4.0\r\nFN:A\r\nEND:VCARD\r\n"
                                       "BEGIN:VCARD\r\nVERSION:4.0\r\nFN:B\r\nEND:VCARD\r\n",
                                       -1, &error);
  g_assert_error (error, RAPPORT_ERROR, RAPPORT_ERROR_PARSE);
  g_assert_null (two);
  g_assert_nonnull (strstr (error->message, "line 5: a second vCard begins here"));
}

/* Text values */

static void
test_text_escape_round_trip (void)
{
  const char *texts[] = {
    "",
    "plain",
    "a,b;c\\d",
    "line one\nline two\n",
    "\\n is not a line break",
    "trailing backslash\\",
    ";;;,,,\\\\\\",
    "Ünïcödé €, 日本語; 😀",
  };
  g_autofree char *escaped = rapport_vcard_escape_text ("a,b;c\\d\ne\r\nf");

  g_assert_cmpstr (escaped, ==, "a\\,b\\;c\\\\d\\ne\\nf");

  for (guint i = 0; i < G_N_ELEMENTS (texts); i++)
    {
      g_autofree char *e = rapport_vcard_escape_text (texts[i]);
      g_autofree char *u = rapport_vcard_unescape_text (e);
      g_autoptr(RapportVCardProperty) property = rapport_vcard_property_new_text (NULL, "NOTE", texts[i]);
      g_autoptr(RapportVCard) card = rapport_vcard_new ("4.0");
      g_autoptr(RapportVCard) back = NULL;
      g_autofree char *text = NULL;
      g_autofree char *again = NULL;

      g_assert_null (strchr (e, '\n'));
      g_assert_cmpstr (u, ==, texts[i]);

      /* and through a whole card */
      rapport_vcard_add_property (card, g_steal_pointer (&property));
      text = rapport_vcard_to_string (card);
      back = parse_one (text);
      again = rapport_vcard_dup_text (back, "NOTE");
      g_assert_cmpstr (again, ==, texts[i]);
    }
}

static void
test_text_unescape (void)
{
  g_autofree char *u = rapport_vcard_unescape_text ("a\\nb\\Nc\\,d\\;e\\\\f\\:g\\th\\");

  g_assert_cmpstr (u, ==, "a\nb\nc,d;e\\f:g\\th\\");
}

static void
test_text_structured (void)
{
  g_auto(GStrv) raw = rapport_vcard_split_value ("Okafor\\;Müller;Amara,Ngozi;;Dr.;", ';', FALSE);
  g_auto(GStrv) given = NULL;
  g_auto(GStrv) parts = NULL;
  g_auto(GStrv) items = NULL;
  g_auto(GStrv) empty = rapport_vcard_split_value ("", ';', TRUE);
  g_autoptr(RapportVCardProperty) n = rapport_vcard_property_new (NULL, "N", "Okafor\\;Müller;Amara,Ngozi;;Dr.;");
  g_autoptr(RapportVCardProperty) categories = rapport_vcard_property_new (NULL, "CATEGORIES", "vip,b2b\\, EU,new");
  const char *set[] = { "a;b", "c,d", "", "e\\f", NULL };
  g_auto(GStrv) set_back = NULL;

  g_assert_cmpuint (g_strv_length (raw), ==, 5);
  g_assert_cmpstr (raw[0], ==, "Okafor\\;Müller");
  g_assert_cmpstr (raw[1], ==, "Amara,Ngozi");
  g_assert_cmpstr (raw[4], ==, "");
  given = rapport_vcard_split_value (raw[1], ',', TRUE);
  g_assert_cmpuint (g_strv_length (given), ==, 2);
  g_assert_cmpstr (given[1], ==, "Ngozi");

  parts = rapport_vcard_property_dup_components (n);
  g_assert_cmpstr (parts[0], ==, "Okafor;Müller");
  g_assert_cmpstr (parts[3], ==, "Dr.");

  items = rapport_vcard_property_dup_list (categories);
  g_assert_cmpuint (g_strv_length (items), ==, 3);
  g_assert_cmpstr (items[1], ==, "b2b, EU");

  g_assert_cmpuint (g_strv_length (empty), ==, 1);
  g_assert_cmpstr (empty[0], ==, "");

  rapport_vcard_property_set_components (n, set);
  g_assert_cmpstr (rapport_vcard_property_get_value (n), ==, "a\\;b;c\\,d;;e\\\\f");
  set_back = rapport_vcard_property_dup_components (n);
  g_assert_cmpstr (set_back[0], ==, "a;b");
  g_assert_cmpstr (set_back[1], ==, "c,d");
  g_assert_cmpstr (set_back[3], ==, "e\\f");
}

/* Writer */

static void
test_write_folds_utf8 (void)
{
  const char *pieces[] = { "a", "é", "€", "😀", "日本", " ", "\\" };
  guint n_folded = 0;

  /* Every prefix length shifts where the 75-octet cuts fall, so each kind
   * of character ends up across a cut somewhere. */
  for (guint shift = 0; shift < 8; shift++)
    {
      g_autoptr(GString) value = g_string_new (NULL);
      g_autoptr(RapportVCard) card = rapport_vcard_new ("4.0");
      g_autoptr(RapportVCard) back = NULL;
      g_autofree char *text = NULL;
      g_autofree char *note = NULL;
      g_autofree char *unfolded = NULL;
      g_autofree char *expected_line = NULL;
      g_autofree char *escaped = NULL;

      for (guint i = 0; i < shift; i++)
        g_string_append_c (value, 'x');
      for (guint i = 0; i < 120; i++)
        g_string_append (value, pieces[(i * 5 + shift) % G_N_ELEMENTS (pieces)]);

      rapport_vcard_add_text (card, "NOTE", value->str);
      text = rapport_vcard_to_string (card);
      assert_well_formed_output (text);
      n_folded += g_strstr_len (text, -1, "\r\n ") != NULL;

      back = parse_one (text);
      note = rapport_vcard_dup_text (back, "NOTE");
      g_assert_cmpstr (note, ==, value->str);

      escaped = rapport_vcard_escape_text (value->str);
      expected_line = g_strconcat ("NOTE:", escaped, NULL);
      unfolded = unfold (text);
      g_assert_nonnull (strstr (unfolded, expected_line));
    }

  g_assert_cmpuint (n_folded, ==, 8);
}

static void
test_write_folds_exactly_at_75 (void)
{
  g_autoptr(RapportVCard) card = rapport_vcard_new ("4.0");
  g_autofree char *text = NULL;
  g_autofree char *value = g_strnfill (200, 'z');
  g_auto(GStrv) lines = NULL;

  rapport_vcard_add_text (card, "NOTE", value);
  text = rapport_vcard_to_string (card);
  lines = g_strsplit (text, "\r\n", -1);

  /* BEGIN, VERSION, then NOTE:zzz... 5 + 70, then 1 + 74, 1 + 56 */
  g_assert_cmpuint (strlen (lines[2]), ==, 75);
  g_assert_cmpuint (strlen (lines[3]), ==, 75);
  g_assert_true (lines[3][0] == ' ');
  g_assert_cmpuint (strlen (lines[4]), ==, 1 + 200 - 70 - 74);
  g_assert_cmpstr (lines[5], ==, "END:VCARD");
}

static void
test_write_crlf_and_quotes (void)
{
  g_autoptr(RapportVCard) card = rapport_vcard_new ("4.0");
  g_autoptr(RapportVCard) back = NULL;
  RapportVCardProperty *property;
  g_autofree char *text = NULL;
  const char * const *label;

  property = rapport_vcard_add_text (card, "ADR", "");
  rapport_vcard_property_set_value (property, ";;Marina Rd 12;Lagos;;;NG");
  rapport_vcard_property_add_param (property, "LABEL", "Marina Rd 12, Lagos; NG: 3rd floor");
  rapport_vcard_property_add_param (property, "TYPE", "work");
  rapport_vcard_property_add_param (property, "type", "x-site");
  rapport_vcard_property_add_param (property, "X-SAID", "call me \"boss\"");
  property = rapport_vcard_add_text (card, "NOTE", "two\nlines");
  (void) property;

  text = rapport_vcard_to_string (card);
  assert_well_formed_output (text);
  g_assert_true (g_str_has_prefix (text, "BEGIN:VCARD\r\nVERSION:4.0\r\n"));
  g_assert_true (g_str_has_suffix (text, "END:VCARD\r\n"));
  assert_has_line (text, "ADR;LABEL=\"Marina Rd 12, Lagos; NG: 3rd floor\";TYPE=work,x-site;X-SAID=call me ^'boss^':;;Marina Rd 12;Lagos;;;NG");
  assert_has_line (text, "NOTE:two\\nlines");

  back = parse_one (text);
  label = rapport_vcard_property_get_param (rapport_vcard_get_first (back, "ADR"), "LABEL");
  g_assert_cmpstr (label[0], ==, "Marina Rd 12, Lagos; NG: 3rd floor");
  g_assert_cmpstr (rapport_vcard_property_get_param (rapport_vcard_get_first (back, "ADR"), "X-SAID")[0],
                   ==, "call me \"boss\"");
}

static void
test_write_keeps_unmodified_lines (void)
{
  const char *odd = "x-Custom;foo=Bar;type=\"a,b\";CELL:Value\\,with \\\\stuff\\n and a tail that is long enough to be folded somewhere";
  g_autofree char *input = g_strconcat ("BEGIN:VCARD\r\nVERSION:3.0\r\nFN:A\r\n", odd, "\r\nEND:VCARD\r\n", NULL);
  g_autoptr(RapportVCard) card = parse_one (input);
  g_autoptr(RapportVCard) copy = NULL;
  RapportVCardProperty *property = rapport_vcard_get_first (card, "X-CUSTOM");
  g_autofree char *output = NULL;
  g_autofree char *copied = NULL;
  g_autofree char *changed = NULL;

  g_assert_cmpstr (rapport_vcard_property_get_original_line (property), ==, odd);
  output = rapport_vcard_to_string (card);
  assert_well_formed_output (output);
  assert_has_line (output, odd);

  copy = rapport_vcard_copy (card);
  copied = rapport_vcard_to_string (copy);
  g_assert_cmpstr (copied, ==, output);

  rapport_vcard_property_add_param (property, "X-NEW", "1");
  g_assert_null (rapport_vcard_property_get_original_line (property));
  changed = rapport_vcard_to_string (card);
  assert_lacks_line (changed, odd);
  assert_has_line (changed, "x-Custom;FOO=Bar;TYPE=\"a,b\",CELL;X-NEW=1:Value\\,with \\\\stuff\\n and a tail that is long enough to be folded somewhere");

  /* the copy did not change with it */
  g_free (copied);
  copied = rapport_vcard_to_string (copy);
  assert_has_line (copied, odd);
}

/* Editing */

static void
test_edit_properties (void)
{
  g_autoptr(RapportVCard) card = parse_one ("BEGIN:VCARD\r\nVERSION:4.0\r\n"
                                            "FN:A\r\nEMAIL:a@example.com\r\nNOTE:n1\r\n"
                                            "EMAIL:b@example.com\r\nitem1.EMAIL:c@example.com\r\nEND:VCARD\r\n");
  g_autoptr(GPtrArray) emails = rapport_vcard_get_all (card, "email");
  RapportVCardProperty *property;
  g_autofree char *text = NULL;

  g_assert_cmpuint (emails->len, ==, 3);
  g_assert_cmpstr (rapport_vcard_property_get_value (rapport_vcard_get_first (card, "EMAIL")), ==, "a@example.com");

  /* replace: in the place of the first, the others go */
  rapport_vcard_replace_property (card, rapport_vcard_property_new (NULL, "EMAIL", "z@example.com"));
  g_assert_cmpuint (rapport_vcard_get_n_properties (card), ==, 3);
  g_assert_cmpstr (rapport_vcard_property_get_name (rapport_vcard_get_property (card, 1)), ==, "EMAIL");
  g_assert_cmpstr (rapport_vcard_property_get_value (rapport_vcard_get_property (card, 1)), ==, "z@example.com");
  g_assert_cmpstr (rapport_vcard_property_get_name (rapport_vcard_get_property (card, 2)), ==, "NOTE");

  /* replace appends when there is none */
  rapport_vcard_replace_property (card, rapport_vcard_property_new_text (NULL, "title", "Boss"));
  g_assert_cmpuint (rapport_vcard_get_n_properties (card), ==, 4);
  g_assert_cmpstr (rapport_vcard_property_get_name (rapport_vcard_get_property (card, 3)), ==, "TITLE");

  rapport_vcard_insert_property (card, 0, rapport_vcard_property_new (NULL, "UID", "urn:uuid:1"));
  g_assert_cmpstr (rapport_vcard_property_get_name (rapport_vcard_get_property (card, 0)), ==, "UID");

  property = rapport_vcard_get_first (card, "NOTE");
  g_assert_true (rapport_vcard_remove_property (card, property));
  g_assert_null (rapport_vcard_get_first (card, "NOTE"));
  g_assert_cmpuint (rapport_vcard_remove_all (card, "TITLE"), ==, 1);
  g_assert_cmpuint (rapport_vcard_remove_all (card, "TITLE"), ==, 0);
  g_assert_cmpuint (rapport_vcard_get_n_properties (card), ==, 3);

  property = rapport_vcard_add_text (card, "TEL", "+49 30 1");
  rapport_vcard_property_add_param (property, "TYPE", "work");
  rapport_vcard_property_add_param (property, "TYPE", "voice");
  rapport_vcard_property_add_param (property, "PREF", "1");
  g_assert_cmpuint (rapport_vcard_property_get_n_params (property), ==, 2);
  g_assert_cmpstr (rapport_vcard_property_get_param_name (property, 1), ==, "PREF");
  g_assert_true (rapport_vcard_property_remove_param (property, "pref"));
  g_assert_false (rapport_vcard_property_remove_param (property, "PREF"));
  rapport_vcard_property_set_group (property, "item7");

  text = rapport_vcard_to_string (card);
  g_assert_cmpstr (text, ==,
                   "BEGIN:VCARD\r\nVERSION:4.0\r\n"
                   "UID:urn:uuid:1\r\nFN:A\r\nEMAIL:z@example.com\r\n"
                   "item7.TEL;TYPE=work,voice:+49 30 1\r\nEND:VCARD\r\n");
}

/* Customer mapping */

/* Apple Contacts' phonetic name comes in as the customer's; written back
 * unchanged, only Apple's two lines carry it. Changed here, Rapport's own
 * property says the new one. Consent goes in Rapport's properties. */
static void
test_customer_phonetic_name_and_consent (void)
{
  static const char apple[] =
    "BEGIN:VCARD\r\nVERSION:3.0\r\nPRODID:-//Apple Inc.//iPhone OS 17.0//EN\r\n"
    "N:Yamada;Tarō;;;\r\nFN:Yamada Tarō\r\n"
    "X-PHONETIC-FIRST-NAME:たろう\r\nX-PHONETIC-LAST-NAME:やまだ\r\n"
    "UID:7e1c5a30-9f1b-4b5e-8d3c-1a2b3c4d5e6f\r\nEND:VCARD\r\n";
  g_autoptr(RapportVCard) base = parse_one (apple);
  g_autoptr(RapportCustomer) customer = NULL;
  g_autoptr(RapportVCard) same = NULL;
  g_autoptr(RapportVCard) changed = NULL;
  g_autoptr(RapportCustomer) back = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *same_text = NULL;
  g_autofree char *changed_text = NULL;

  customer = rapport_vcard_to_customer (base, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (customer->phonetic_name, ==, "たろう やまだ");
  g_assert_false (customer->consent_marketing);

  same = rapport_vcard_from_customer (customer, RAPPORT_VCARD_VERSION_3_0, NULL, base);
  same_text = rapport_vcard_to_string (same);
  assert_has_line (same_text, "X-PHONETIC-FIRST-NAME:たろう");
  assert_has_line (same_text, "X-PHONETIC-LAST-NAME:やまだ");
  g_assert_null (strstr (same_text, "X-RAPPORT-PHONETIC-NAME"));
  g_assert_null (strstr (same_text, "X-RAPPORT-CONSENT"));

  g_free (customer->phonetic_name);
  customer->phonetic_name = g_strdup ("たろう やまだ さま");
  customer->consent_marketing = TRUE;
  customer->consent_date = g_strdup ("2026-11-02");
  customer->consent_basis = g_strdup ("Asked for the newsletter by phone");
  changed = rapport_vcard_from_customer (customer, RAPPORT_VCARD_VERSION_3_0, NULL, base);
  changed_text = rapport_vcard_to_string (changed);
  assert_has_line (changed_text, "X-PHONETIC-FIRST-NAME:たろう");
  assert_has_line (changed_text, "X-RAPPORT-PHONETIC-NAME:たろう やまだ さま");
  assert_has_line (changed_text, "X-RAPPORT-CONSENT-MARKETING:TRUE");
  assert_has_line (changed_text, "X-RAPPORT-CONSENT-DATE:2026-11-02");
  assert_has_line (changed_text, "X-RAPPORT-CONSENT-BASIS:Asked for the newsletter by phone");

  back = rapport_vcard_to_customer (changed, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (back->phonetic_name, ==, "たろう やまだ さま");
  g_assert_true (back->consent_marketing);
  g_assert_cmpstr (back->consent_date, ==, "2026-11-02");
  g_assert_cmpstr (back->consent_basis, ==, "Asked for the newsletter by phone");
}

static void
test_customer_round_trip (gconstpointer data)
{
  RapportVCardVersion version = GPOINTER_TO_INT (data);
  g_autoptr(RapportCustomer) person = make_person ();
  g_autoptr(RapportCustomer) back = NULL;
  g_autofree char *organization_uid = NULL;

  back = round_trip (person, version, ORG_UID, NULL, NULL, &organization_uid);
  assert_customers_equal (person, back);
  g_assert_cmpstr (organization_uid, ==, ORG_UID);
}

static void
test_customer_organization_round_trip (gconstpointer data)
{
  RapportVCardVersion version = GPOINTER_TO_INT (data);
  g_autoptr(RapportCustomer) organization = make_organization ();
  g_autoptr(RapportCustomer) back = NULL;
  g_autofree char *organization_uid = NULL;
  g_autofree char *text = NULL;

  back = round_trip (organization, version, NULL, NULL, &text, &organization_uid);
  assert_customers_equal (organization, back);
  g_assert_null (organization_uid);
  assert_has_line (text, "N:;;;;");
  assert_has_line (text, "ORG:Lagos Textiles\\, Ltd");
  if (version == RAPPORT_VCARD_VERSION_4_0)
    {
      assert_has_line (text, "KIND:org");
      assert_lacks_line (text, "X-ABShowAs:COMPANY");
    }
  else
    {
      assert_has_line (text, "X-ABShowAs:COMPANY");
      g_assert_null (strstr (text, "KIND"));
    }
}

static void
test_customer_writes_4_0 (void)
{
  g_autoptr(RapportCustomer) person = make_person ();
  g_autoptr(RapportVCard) card = rapport_vcard_from_customer (person, RAPPORT_VCARD_VERSION_4_0, ORG_UID, NULL);
  g_autofree char *text = rapport_vcard_to_string (card);

  assert_well_formed_output (text);
  g_assert_true (g_str_has_prefix (text, "BEGIN:VCARD\r\nVERSION:4.0\r\n"));
  assert_has_line (text, "PRODID:-//Rapport//Rapport 0.1//EN");
  assert_has_line (text, "UID:urn:uuid:5c0c4c7e-2b4e-4bd2-8f0e-6b1c2a9d7e31");
  assert_has_line (text, "KIND:individual");
  assert_has_line (text, "FN:Amara Okafor-Müller");
  assert_has_line (text, "N:Okafor-Müller;Amara;;Dr.;");
  assert_has_line (text, "ORG:Lagos Textiles\\, Ltd\\; Export");
  assert_has_line (text, "TITLE:Head of Purchasing");
  assert_has_line (text, "RELATED;TYPE=x-rapport-organization:urn:uuid:" ORG_UID);
  assert_has_line (text, "EMAIL;TYPE=work;PREF=1:amara@lagos-textiles.example");
  assert_has_line (text, "EMAIL;TYPE=home:amara.okafor@mail.example");
  assert_has_line (text, "item1.EMAIL:billing@lagos-textiles.example");
  assert_has_line (text, "item1.X-ABLabel:Billing\\, EU");
  assert_has_line (text, "item2.EMAIL:old@mail.example");
  assert_has_line (text, "item2.X-ABLabel:_$!<Other>!$_");
  assert_has_line (text, "TEL;TYPE=cell;PREF=1:+2348031234567");
  assert_has_line (text, "TEL;TYPE=work,voice:+23412345678\\;ext=12");
  assert_has_line (text, "TEL;TYPE=fax:+23412345679");
  assert_has_line (text, "ADR;CC=NG;TYPE=work;PREF=1:;;12 Marina Road\\, Block C\\; Floor 3;Lagos;Lagos State;101001;NG");
  assert_has_line (text, "LANG;PREF=1:en-NG");
  assert_has_line (text, "TZ:Africa/Lagos");
  assert_has_line (text, "CATEGORIES:b2b,vip,international");
  assert_has_line (text, "X-RAPPORT-FORM-OF-ADDRESS:Dr.");
  assert_has_line (text, "X-RAPPORT-FIRST-NAME-BASIS:TRUE");
  assert_has_line (text, "X-RAPPORT-PREFERRED-CHANNEL:in-person");
  assert_has_line (text, "X-RAPPORT-BEST-TIME:mornings\\, before 11:00");
  assert_has_line (text, "X-RAPPORT-COUNTRY:NG");
  assert_has_line (text, "REV:20260101T010203Z");
  g_assert_null (strstr (text, "X-RAPPORT-LANG"));
  g_assert_null (strstr (text, "X-RAPPORT-RELATED"));
}

static void
test_customer_writes_3_0 (void)
{
  g_autoptr(RapportCustomer) person = make_person ();
  g_autoptr(RapportVCard) card = rapport_vcard_from_customer (person, RAPPORT_VCARD_VERSION_3_0, ORG_UID, NULL);
  g_autofree char *text = rapport_vcard_to_string (card);

  assert_well_formed_output (text);
  g_assert_true (g_str_has_prefix (text, "BEGIN:VCARD\r\nVERSION:3.0\r\n"));
  assert_has_line (text, "UID:urn:uuid:5c0c4c7e-2b4e-4bd2-8f0e-6b1c2a9d7e31");
  assert_has_line (text, "N:Okafor-Müller;Amara;;Dr.;");
  assert_has_line (text, "X-RAPPORT-RELATED:urn:uuid:" ORG_UID);
  assert_has_line (text, "EMAIL;TYPE=INTERNET,WORK,PREF:amara@lagos-textiles.example");
  assert_has_line (text, "EMAIL;TYPE=INTERNET,HOME:amara.okafor@mail.example");
  assert_has_line (text, "TEL;TYPE=CELL,PREF:+2348031234567");
  assert_has_line (text, "ADR;TYPE=WORK,PREF:;;12 Marina Road\\, Block C\\; Floor 3;Lagos;Lagos State;101001;NG");
  assert_has_line (text, "X-RAPPORT-LANG:en-NG");
  assert_has_line (text, "TZ;VALUE=text:Africa/Lagos");
  assert_has_line (text, "REV:2026-01-01T01:02:03Z");
  g_assert_null (strstr (text, "KIND"));
  g_assert_null (strstr (text, "\r\nLANG"));
  g_assert_null (strstr (text, "RELATED;"));
  g_assert_null (strstr (text, "PREF=1"));
  g_assert_null (strstr (text, "X-ABShowAs"));
}

static const char apple_card[] =
  "BEGIN:VCARD\r\n"
  "VERSION:3.0\r\n"
  "PRODID:-//Apple Inc.//iPhone OS 17.2//EN\r\n"
  "N:Okafor;Amara;Ngozi;;PhD\r\n"
  "FN:Amara Okafor\r\n"
  "ORG:Lagos Textiles;Purchasing\r\n"
  "item1.EMAIL;type=INTERNET;type=pref:amara@lagos-textiles.example\r\n"
  "item1.X-ABLabel:Orders\r\n"
  "EMAIL;type=INTERNET;type=HOME:amara@mail.example\r\n"
  "TEL;type=CELL;type=VOICE;type=pref:+234 803 123 4567\r\n"
  "item2.ADR;type=WORK:;;12 Marina Road;Lagos;;101001;Nigeria\r\n"
  "item2.X-ABADR:ng\r\n"
  "item3.URL;type=pref:https://lagos-textiles.example\r\n"
  "item3.X-ABLabel:_$!<HomePage>!$_\r\n"
  "X-SOCIALPROFILE;type=linkedin;x-user=amara:http://www.linkedin.com/in/amara\r\n"
  "PHOTO;ENCODING=b;TYPE=JPEG:/9j/4AAQSkZJRgABAQAAAQABAAD/2wCEAAkGBxITEhUTEhMWFhUXGBgYGBgYGBgYGBgYGBgYGB\r\n"
  " gYGBgYHSggGBolGxgYITEhJSkrLi4uGB8zODMtNygtLisBCgoKDg0OGhAQGi0lHyUtLS0tLS0t\r\n"
  "X-CUSTOM-THING;x-param=\"a:b\":keep me\\, exactly\r\n"
  "NOTE:From the phone\r\n"
  "CATEGORIES:vip\r\n"
  "REV:2025-06-01T10:00:00Z\r\n"
  "UID:5c0c4c7e-2b4e-4bd2-8f0e-6b1c2a9d7e31\r\n"
  "END:VCARD\r\n";

static void
test_customer_reads_apple_card (void)
{
  g_autoptr(RapportVCard) card = parse_one (apple_card);
  g_autoptr(GError) error = NULL;
  g_autoptr(RapportCustomer) customer = rapport_vcard_to_customer (card, NULL, &error);
  const RapportContactPoint *point;
  const RapportAddress *address;

  g_assert_no_error (error);
  g_assert_cmpint (customer->kind, ==, RAPPORT_CUSTOMER_KIND_PERSON);
  g_assert_cmpstr (customer->uid, ==, "5c0c4c7e-2b4e-4bd2-8f0e-6b1c2a9d7e31");
  g_assert_cmpstr (customer->display_name, ==, "Amara Okafor");
  g_assert_cmpstr (customer->family_name, ==, "Okafor");
  g_assert_cmpstr (customer->given_name, ==, "Amara");
  g_assert_cmpstr (customer->organization_name, ==, "Lagos Textiles");
  g_assert_null (customer->form_of_address);
  g_assert_cmpstr (customer->notes, ==, "From the phone");
  g_assert_cmpint (customer->modified, ==, 1748772000);

  g_assert_cmpuint (customer->emails->len, ==, 2);
  point = g_ptr_array_index (customer->emails, 0);
  g_assert_cmpstr (point->value, ==, "amara@lagos-textiles.example");
  g_assert_cmpstr (point->label, ==, "Orders");
  g_assert_true (point->preferred);
  point = g_ptr_array_index (customer->emails, 1);
  g_assert_cmpstr (point->label, ==, "home");
  g_assert_false (point->preferred);

  g_assert_cmpuint (customer->phones->len, ==, 1);
  point = g_ptr_array_index (customer->phones, 0);
  g_assert_cmpstr (point->value, ==, "+234 803 123 4567");
  g_assert_cmpstr (point->label, ==, "mobile");
  g_assert_true (point->preferred);

  g_assert_cmpuint (customer->addresses->len, ==, 1);
  address = g_ptr_array_index (customer->addresses, 0);
  g_assert_cmpstr (address->label, ==, "work");
  g_assert_cmpstr (address->street, ==, "12 Marina Road");
  g_assert_cmpstr (address->country, ==, "NG");

  g_assert_cmpuint (customer->types->len, ==, 1);
  g_assert_cmpstr (g_ptr_array_index (customer->types, 0), ==, "vip");
}

static void
test_customer_base_keeps_unknown (void)
{
  g_autoptr(RapportVCard) base = parse_one (apple_card);
  g_autoptr(GError) error = NULL;
  g_autoptr(RapportCustomer) customer = rapport_vcard_to_customer (base, NULL, &error);
  g_autoptr(RapportVCard) card = NULL;
  g_autoptr(RapportVCard) parsed = NULL;
  g_autoptr(RapportCustomer) back = NULL;
  g_autofree char *text = NULL;
  g_autofree char *photo = NULL;
  const char *kept[] = {
    "item1.EMAIL;type=INTERNET;type=pref:amara@lagos-textiles.example",
    "item1.X-ABLabel:Orders",
    "EMAIL;type=INTERNET;type=HOME:amara@mail.example",
    "TEL;type=CELL;type=VOICE;type=pref:+234 803 123 4567",
    "N:Okafor;Amara;Ngozi;;PhD",
    "item3.URL;type=pref:https://lagos-textiles.example",
    "item3.X-ABLabel:_$!<HomePage>!$_",
    "X-SOCIALPROFILE;type=linkedin;x-user=amara:http://www.linkedin.com/in/amara",
    "X-CUSTOM-THING;x-param=\"a:b\":keep me\\, exactly",
  };

  g_assert_no_error (error);

  /* Change what Rapport owns: the note, a new phone, the address moves. */
  g_free (customer->notes);
  customer->notes = g_strdup ("Changed in Rapport");
  rapport_customer_add_phone (customer, "+2341555000", "work", FALSE);
  g_free (((RapportAddress *) g_ptr_array_index (customer->addresses, 0))->street);
  ((RapportAddress *) g_ptr_array_index (customer->addresses, 0))->street = g_strdup ("14 Marina Road");
  customer->modified = 1767225600;

  card = rapport_vcard_from_customer (customer, RAPPORT_VCARD_VERSION_3_0, NULL, base);
  text = rapport_vcard_to_string (card);
  assert_well_formed_output (text);

  for (guint i = 0; i < G_N_ELEMENTS (kept); i++)
    assert_has_line (text, kept[i]);
  photo = g_strconcat ("PHOTO;ENCODING=b;TYPE=JPEG:/9j/4AAQSkZJRgABAQAAAQABAAD/2wCEAAkGBxITEhUTEhMWFhUXGBgYGBgYGBgYGBgYGBgYGB",
                       "gYGBgYHSggGBolGxgYITEhJSkrLi4uGB8zODMtNygtLisBCgoKDg0OGhAQGi0lHyUtLS0tLS0t", NULL);
  assert_has_line (text, photo);

  /* Owned and changed: rewritten; the address lost its X-ABADR. */
  assert_has_line (text, "NOTE:Changed in Rapport");
  assert_lacks_line (text, "NOTE:From the phone");
  assert_has_line (text, "TEL;TYPE=WORK,VOICE:+2341555000");
  assert_has_line (text, "ADR;TYPE=WORK:;;14 Marina Road;Lagos;;101001;NG");
  assert_lacks_line (text, "item2.X-ABADR:ng");
  assert_has_line (text, "PRODID:-//Rapport//Rapport 0.1//EN");
  assert_lacks_line (text, "PRODID:-//Apple Inc.//iPhone OS 17.2//EN");
  /* The UID as the card has it, as servers want it kept. */
  assert_has_line (text, "UID:5c0c4c7e-2b4e-4bd2-8f0e-6b1c2a9d7e31");
  assert_has_line (text, "REV:2026-01-01T00:00:00Z");
  g_assert_null (strstr (text, "2025-06-01"));

  /* and it reads back the same */
  parsed = parse_one (text);
  back = rapport_vcard_to_customer (parsed, NULL, &error);
  g_assert_no_error (error);
  assert_customers_equal (customer, back);
}

/* A phone is written as typed or as received: the card's own writing of
 * a number is kept while the number is the same, whatever spacing the
 * other side used ("(0)" is the national prefix, not a digit). */
static void
test_customer_phone_written_as_received (void)
{
  static const char card_text[] =
    "BEGIN:VCARD\r\n"
    "VERSION:3.0\r\n"
    "UID:7f3a9c1e-4b2d-4e8f-9a6b-1c2d3e4f5a6b\r\n"
    "FN:Oliver Hughes\r\n"
    "N:Hughes;Oliver;;;\r\n"
    "TEL;TYPE=WORK,VOICE:+44 (0)20 7946 0958\r\n"
    "TEL;TYPE=CELL:not known yet\r\n"
    "END:VCARD\r\n";
  g_autoptr(RapportVCard) base = parse_one (card_text);
  g_autoptr(GError) error = NULL;
  g_autoptr(RapportCustomer) customer = rapport_vcard_to_customer (base, NULL, &error);
  g_autoptr(RapportVCard) card = NULL;
  g_autoptr(RapportVCard) fresh = NULL;
  g_autofree char *text = NULL;
  g_autofree char *fresh_text = NULL;
  RapportContactPoint *point;

  g_assert_no_error (error);
  g_assert_cmpuint (customer->phones->len, ==, 2);
  point = g_ptr_array_index (customer->phones, 0);
  g_assert_cmpstr (point->value, ==, "+44 (0)20 7946 0958");
  /* What Rapport would refuse from the user is kept as it came. */
  point = g_ptr_array_index (customer->phones, 1);
  g_assert_cmpstr (point->value, ==, "not known yet");

  /* The same number, written the way another client does. */
  point = g_ptr_array_index (customer->phones, 0);
  g_free (point->value);
  point->value = g_strdup ("+442079460958");
  card = rapport_vcard_from_customer (customer, RAPPORT_VCARD_VERSION_3_0, NULL, base);
  text = rapport_vcard_to_string (card);
  assert_has_line (text, "TEL;TYPE=WORK,VOICE:+44 (0)20 7946 0958");
  assert_has_line (text, "TEL;TYPE=CELL:not known yet");
  assert_lacks_line (text, "TEL;TYPE=WORK,VOICE:+442079460958");

  /* Without a base, as typed. */
  g_free (point->value);
  point->value = g_strdup ("+44 (0)20 7946 0958");
  fresh = rapport_vcard_from_customer (customer, RAPPORT_VCARD_VERSION_3_0, NULL, NULL);
  fresh_text = rapport_vcard_to_string (fresh);
  assert_has_line (fresh_text, "TEL;TYPE=WORK,VOICE:+44 (0)20 7946 0958");
}

static void
test_customer_base_drops_orphan_labels (void)
{
  g_autoptr(RapportVCard) base = parse_one (apple_card);
  g_autoptr(GError) error = NULL;
  g_autoptr(RapportCustomer) customer = rapport_vcard_to_customer (base, NULL, &error);
  g_autoptr(RapportVCard) card = NULL;
  g_autofree char *text = NULL;

  g_assert_no_error (error);
  g_ptr_array_remove_index (customer->emails, 0);

  card = rapport_vcard_from_customer (customer, RAPPORT_VCARD_VERSION_4_0, NULL, base);
  text = rapport_vcard_to_string (card);

  g_assert_true (g_str_has_prefix (text, "BEGIN:VCARD\r\nVERSION:4.0\r\n"));
  assert_lacks_line (text, "item1.EMAIL;type=INTERNET;type=pref:amara@lagos-textiles.example");
  assert_lacks_line (text, "item1.X-ABLabel:Orders");
  assert_has_line (text, "item3.X-ABLabel:_$!<HomePage>!$_");
  assert_has_line (text, "X-CUSTOM-THING;x-param=\"a:b\":keep me\\, exactly");
  assert_has_line (text, "KIND:individual");

  /* A 3.0 base written as 4.0: points take the 4.0 spelling, while N and
   * ORG keep the parts Rapport does not map. */
  assert_lacks_line (text, "EMAIL;type=INTERNET;type=HOME:amara@mail.example");
  assert_has_line (text, "EMAIL;TYPE=home:amara@mail.example");
  assert_has_line (text, "TEL;TYPE=cell;PREF=1:+234 803 123 4567");
  assert_has_line (text, "N:Okafor;Amara;Ngozi;;PhD");
  assert_has_line (text, "ORG:Lagos Textiles;Purchasing");
}

static void
test_customer_free_labels_use_new_groups (void)
{
  g_autoptr(RapportVCard) base = parse_one (apple_card);
  g_autoptr(RapportCustomer) customer = rapport_customer_new (RAPPORT_CUSTOMER_KIND_PERSON);
  g_autoptr(RapportVCard) card = NULL;
  g_autofree char *text = NULL;

  customer->display_name = g_strdup ("Amara Okafor");
  rapport_customer_add_phone (customer, "+2340000001", "Assistant", FALSE);

  card = rapport_vcard_from_customer (customer, RAPPORT_VCARD_VERSION_4_0, NULL, base);
  text = rapport_vcard_to_string (card);

  /* item1 to item3 are taken in the base */
  assert_has_line (text, "item4.TEL:+2340000001");
  assert_has_line (text, "item4.X-ABLabel:Assistant");
}

static void
test_customer_reads_2_1 (void)
{
  g_autoptr(RapportVCard) card = parse_one ("BEGIN:VCARD\r\n"
                                            "VERSION:2.1\r\n"
                                            "N;CHARSET=UTF-8;ENCODING=QUOTED-PRINTABLE:Eze;Chi=C3=A9di;;;\r\n"
                                            "TEL;CELL:+2348030000001\r\n"
                                            "TEL;WORK;VOICE;PREF:+2341000002\r\n"
                                            "TEL;HOME:+2341000003\r\n"
                                            "EMAIL;INTERNET:chidi@example.com\r\n"
                                            "END:VCARD\r\n");
  g_autoptr(GError) error = NULL;
  g_autoptr(RapportCustomer) customer = rapport_vcard_to_customer (card, NULL, &error);
  const RapportContactPoint *point;

  g_assert_no_error (error);
  g_assert_cmpstr (customer->display_name, ==, "Chiédi Eze");
  g_assert_cmpstr (customer->given_name, ==, "Chiédi");
  g_assert_cmpuint (customer->phones->len, ==, 3);
  point = g_ptr_array_index (customer->phones, 0);
  g_assert_cmpstr (point->label, ==, "mobile");
  g_assert_false (point->preferred);
  point = g_ptr_array_index (customer->phones, 1);
  g_assert_cmpstr (point->label, ==, "work");
  g_assert_true (point->preferred);
  point = g_ptr_array_index (customer->phones, 2);
  g_assert_cmpstr (point->label, ==, "home");
  g_assert_cmpuint (customer->emails->len, ==, 1);
  g_assert_null (((RapportContactPoint *) g_ptr_array_index (customer->emails, 0))->label);
}

static void
test_customer_requires_a_name (void)
{
  g_autoptr(RapportVCard) nameless = parse_one ("BEGIN:VCARD\r\nVERSION:3.0\r\nN:;;;;\r\n"
                                                "UID:abc\r\nEMAIL:x@example.com\r\nEND:VCARD\r\n");
  g_autoptr(RapportVCard) org_only = parse_one ("BEGIN:VCARD\r\nVERSION:3.0\r\nORG:Acme\r\n"
                                                "X-ABShowAs:COMPANY\r\nEND:VCARD\r\n");
  g_autoptr(RapportVCard) n_only = parse_one ("BEGIN:VCARD\r\nVERSION:3.0\r\nN:Eze;Chidi;;Mr.;\r\nEND:VCARD\r\n");
  g_autoptr(GError) error = NULL;
  g_autoptr(RapportCustomer) none = NULL;
  g_autoptr(RapportCustomer) org = NULL;
  g_autoptr(RapportCustomer) person = NULL;

  none = rapport_vcard_to_customer (nameless, NULL, &error);
  g_assert_error (error, RAPPORT_ERROR, RAPPORT_ERROR_PARSE);
  g_assert_null (none);
  g_assert_nonnull (strstr (error->message, "abc"));
  g_clear_error (&error);

  org = rapport_vcard_to_customer (org_only, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (org->kind, ==, RAPPORT_CUSTOMER_KIND_ORGANIZATION);
  g_assert_cmpstr (org->display_name, ==, "Acme");

  person = rapport_vcard_to_customer (n_only, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (person->display_name, ==, "Mr. Chidi Eze");
  g_assert_cmpstr (person->form_of_address, ==, "Mr.");
}

static void
test_customer_rejects_unknown_channel (void)
{
  g_autoptr(RapportVCard) card = parse_one ("BEGIN:VCARD\r\nVERSION:4.0\r\nFN:A\r\n"
                                            "X-RAPPORT-PREFERRED-CHANNEL:pigeon\r\nEND:VCARD\r\n");
  g_autoptr(GError) error = NULL;
  g_autoptr(RapportCustomer) customer = rapport_vcard_to_customer (card, NULL, &error);

  g_assert_error (error, RAPPORT_ERROR, RAPPORT_ERROR_INVALID);
  g_assert_null (customer);
  g_assert_nonnull (strstr (error->message, "pigeon"));
}

/* Fidelity beside other clients */

/* Edits @text's card through the mapping the way a sync does: read it,
 * store it (the store fills organization_name only from a linked
 * organization, and keeps types by key), change the notes, write it back
 * on top of the card read. */
static char *
edit_notes (const char           *text,
            RapportVCardVersion   version,
            RapportVCard        **base_out)
{
  g_autoptr(RapportVCard) base = parse_one (text);
  g_autoptr(GError) error = NULL;
  g_autoptr(RapportCustomer) customer = rapport_vcard_to_customer (base, NULL, &error);
  g_autoptr(RapportVCard) card = NULL;
  g_autofree char *written = NULL;

  g_assert_no_error (error);
  g_clear_pointer (&customer->organization_name, g_free);
  for (guint i = 0; i < customer->types->len; i++)
    {
      char *key = rapport_customer_type_key_for_name (g_ptr_array_index (customer->types, i));

      g_free (customer->types->pdata[i]);
      customer->types->pdata[i] = key;
    }
  g_free (customer->notes);
  customer->notes = g_strdup ("Changed in Rapport");
  customer->modified = 1767225600;

  card = rapport_vcard_from_customer (customer, version, NULL, base);
  written = rapport_vcard_to_string (card);
  assert_well_formed_output (written);
  if (base_out != NULL)
    *base_out = g_steal_pointer (&base);

  return g_steal_pointer (&written);
}

/* The lines of @text, unfolded, without those starting with one of
 * @skip. */
static char *
lines_but (const char         *text,
           const char * const *skip)
{
  g_autofree char *unfolded = unfold (text);
  g_auto(GStrv) lines = g_strsplit (unfolded, "\n", -1);
  GString *out = g_string_new (NULL);

  for (guint i = 0; lines[i] != NULL; i++)
    {
      gboolean skipped = FALSE;

      for (guint j = 0; skip[j] != NULL; j++)
        skipped = skipped || g_str_has_prefix (lines[i], skip[j]);
      if (!skipped && *lines[i] != '\0')
        g_string_append_printf (out, "%s\n", lines[i]);
    }

  return g_string_free (out, FALSE);
}

static const char * const changed_lines[] = { "NOTE", "REV", "PRODID", NULL };

static char *
read_data_file (const char *name)
{
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "data", "vcard", name, NULL);
  g_autoptr(GError) error = NULL;
  char *contents = NULL;

  g_file_get_contents (path, &contents, NULL, &error);
  g_assert_no_error (error);

  return contents;
}

static void
test_fidelity_corpus_card_unchanged_but_notes (gconstpointer data)
{
  const char *name = data;
  g_autofree char *original = read_data_file (name);
  g_autoptr(RapportVCard) base = parse_one (original);
  g_autofree char *written = NULL;
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  g_autofree char *base_text = NULL;
  RapportVCardVersion version = g_str_equal (rapport_vcard_get_version (base), "4.0")
                                ? RAPPORT_VCARD_VERSION_4_0 : RAPPORT_VCARD_VERSION_3_0;

  /* Written from the card read back: the original's own folds aside,
   * every line, in its order, apart from what Rapport changed. */
  g_clear_pointer (&base, rapport_vcard_unref);
  written = edit_notes (original, version, &base);
  base_text = rapport_vcard_to_string (base);
  before = lines_but (base_text, changed_lines);
  after = lines_but (written, changed_lines);
  g_assert_cmpstr (after, ==, before);
  assert_has_line (written, "NOTE:Changed in Rapport");
}

static const char apple_company_card[] =
  "BEGIN:VCARD\r\n"
  "VERSION:3.0\r\n"
  "PRODID:-//Apple Inc.//Mac OS X 10.14.6//EN\r\n"
  "N:Baumann;Petra;Maria;Dr.;MBA\r\n"
  "FN:Acme GmbH\r\n"
  "ORG:Acme GmbH;Purchasing;Europe\r\n"
  "item1.EMAIL;type=INTERNET;type=pref:einkauf@acme.example\r\n"
  "item1.X-ABLabel:_$!<Work>!$_\r\n"
  "NOTE:old note\r\n"
  "X-ABShowAs:COMPANY\r\n"
  "CATEGORIES:Trade Fair,Key Account\r\n"
  "UID:7f0e4a1c-2b33-4c55-9d66-0a1b2c3d4e5f\r\n"
  "X-ABUID:7F0E4A1C-2B33-4C55-9D66-0A1B2C3D4E5F:ABPerson\r\n"
  "END:VCARD\r\n";

static void
test_fidelity_apple_company_keeps_contact_person (void)
{
  g_autofree char *written = edit_notes (apple_company_card, RAPPORT_VCARD_VERSION_3_0, NULL);
  g_autoptr(RapportVCard) base = parse_one (apple_company_card);
  g_autofree char *base_text = rapport_vcard_to_string (base);
  g_autofree char *before = lines_but (base_text, changed_lines);
  g_autofree char *after = lines_but (written, changed_lines);

  assert_has_line (written, "N:Baumann;Petra;Maria;Dr.;MBA");
  assert_has_line (written, "ORG:Acme GmbH;Purchasing;Europe");
  assert_has_line (written, "CATEGORIES:Trade Fair,Key Account");
  g_assert_cmpstr (after, ==, before);
}

static void
test_fidelity_person_keeps_foreign_org (void)
{
  static const char card[] =
    "BEGIN:VCARD\r\n"
    "VERSION:3.0\r\n"
    "N:Baumann;Petra;;;\r\n"
    "FN:Petra Baumann\r\n"
    "ORG:Acme GmbH;Purchasing\r\n"
    "NOTE:old note\r\n"
    "UID:1d2e3f40-5a6b-4c7d-8e9f-a0b1c2d3e4f5\r\n"
    "END:VCARD\r\n";
  g_autofree char *written = edit_notes (card, RAPPORT_VCARD_VERSION_3_0, NULL);

  assert_has_line (written, "ORG:Acme GmbH;Purchasing");
}

static void
test_fidelity_org_rename_keeps_units (void)
{
  g_autoptr(RapportVCard) base = parse_one (apple_company_card);
  g_autoptr(GError) error = NULL;
  g_autoptr(RapportCustomer) customer = rapport_vcard_to_customer (base, NULL, &error);
  g_autoptr(RapportVCard) card = NULL;
  g_autofree char *text = NULL;

  g_assert_no_error (error);
  g_free (customer->display_name);
  customer->display_name = g_strdup ("Acme AG");
  card = rapport_vcard_from_customer (customer, RAPPORT_VCARD_VERSION_3_0, NULL, base);
  text = rapport_vcard_to_string (card);
  assert_has_line (text, "ORG:Acme AG;Purchasing;Europe");
  assert_has_line (text, "N:Baumann;Petra;Maria;Dr.;MBA");
}

static void
test_fidelity_person_n_keeps_every_component (void)
{
  static const char card[] =
    "BEGIN:VCARD\r\n"
    "VERSION:4.0\r\n"
    "N:Okafor;Amara;Ngozi,Ada;Dr.;PhD\r\n"
    "FN:Amara Okafor\r\n"
    "UID:urn:uuid:2d2e3f40-5a6b-4c7d-8e9f-a0b1c2d3e4f5\r\n"
    "END:VCARD\r\n";
  g_autoptr(RapportVCard) base = parse_one (card);
  g_autoptr(GError) error = NULL;
  g_autoptr(RapportCustomer) customer = rapport_vcard_to_customer (base, NULL, &error);
  g_autoptr(RapportVCard) out = NULL;
  g_autofree char *text = NULL;

  g_assert_no_error (error);
  g_free (customer->family_name);
  customer->family_name = g_strdup ("Okafor-Smith");
  out = rapport_vcard_from_customer (customer, RAPPORT_VCARD_VERSION_4_0, NULL, base);
  text = rapport_vcard_to_string (out);
  assert_has_line (text, "N:Okafor-Smith;Amara;Ngozi\\,Ada;Dr.;PhD");
}

static void
test_fidelity_category_removed_keeps_the_other (void)
{
  g_autoptr(RapportVCard) base = parse_one (apple_company_card);
  g_autoptr(GError) error = NULL;
  g_autoptr(RapportCustomer) customer = rapport_vcard_to_customer (base, NULL, &error);
  g_autoptr(RapportVCard) card = NULL;
  g_autofree char *text = NULL;
  g_autofree char *key = NULL;

  g_assert_no_error (error);
  g_assert_cmpuint (customer->types->len, ==, 2);
  g_assert_cmpstr (g_ptr_array_index (customer->types, 0), ==, "Trade Fair");
  /* In the store: the type "trade-fair" named "Trade Fair"; "Key
   * Account" removed in Rapport. */
  g_ptr_array_set_size (customer->types, 0);
  rapport_customer_add_type (customer, "trade-fair");
  card = rapport_vcard_from_customer (customer, RAPPORT_VCARD_VERSION_3_0, NULL, base);
  text = rapport_vcard_to_string (card);
  assert_has_line (text, "CATEGORIES:Trade Fair");
  g_assert_null (strstr (text, "trade-fair"));
  g_assert_null (strstr (text, "Key Account"));
  key = rapport_customer_type_key_for_name ("Trade Fair");
  g_assert_cmpstr (key, ==, "trade-fair");
}

static void
test_fidelity_bday_without_year_in_3_0 (void)
{
  static const char card[] =
    "BEGIN:VCARD\r\n"
    "VERSION:4.0\r\n"
    "FN:Amara Okafor\r\n"
    "BDAY:--0517\r\n"
    "UID:urn:uuid:3d2e3f40-5a6b-4c7d-8e9f-a0b1c2d3e4f5\r\n"
    "END:VCARD\r\n";
  g_autofree char *as_3 = edit_notes (card, RAPPORT_VCARD_VERSION_3_0, NULL);
  g_autofree char *as_4 = edit_notes (card, RAPPORT_VCARD_VERSION_4_0, NULL);

  assert_lacks_line (as_3, "BDAY:--0517");
  assert_has_line (as_3, "BDAY;X-APPLE-OMIT-YEAR=1604:1604-05-17");
  assert_has_line (as_4, "BDAY:--0517");
}

static void
test_fidelity_folds_multibyte_at_75 (void)
{
  const char *pieces[] = { "a", "é", "€", "😀", " ", "\t", "\\", ",", "\n" };

  for (guint seed = 0; seed < 2000; seed++)
    {
      g_autoptr(GRand) rand = g_rand_new_with_seed (seed);
      g_autoptr(GString) value = g_string_new (NULL);
      g_autoptr(RapportVCard) card = rapport_vcard_new ("3.0");
      g_autoptr(RapportVCard) back = NULL;
      g_autofree char *text = NULL;
      g_autofree char *again = NULL;
      guint n = g_rand_int_range (rand, 60, 240);

      for (guint i = 0; i < n; i++)
        g_string_append (value, pieces[g_rand_int_range (rand, 0, G_N_ELEMENTS (pieces))]);
      rapport_vcard_add_text (card, "NOTE", value->str);
      text = rapport_vcard_to_string (card);
      assert_well_formed_output (text);

      /* and as an unchanged line read back */
      back = parse_one (text);
      again = rapport_vcard_to_string (back);
      assert_well_formed_output (again);
    }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/vcard/read/unfolds-continuation-lines", test_read_unfolds);
  g_test_add_func ("/vcard/read/accepts-lf-only-input", test_read_lf_only);
  g_test_add_func ("/vcard/read/decodes-quoted-printable", test_read_quoted_printable);
  g_test_add_func ("/vcard/read/quoted-printable-bytes-need-their-charset",
                   test_read_quoted_printable_latin1_needs_charset);
  g_test_add_func ("/vcard/read/soft-line-breaks-only-for-quoted-printable",
                   test_read_soft_breaks_only_for_quoted_printable);
  g_test_add_func ("/vcard/read/keeps-base64-values", test_read_keeps_base64);
  g_test_add_func ("/vcard/read/keeps-groups", test_read_keeps_groups);
  g_test_add_func ("/vcard/read/accepts-2.1-bare-parameters", test_read_bare_parameters);
  g_test_add_func ("/vcard/read/parses-quoted-parameter-values", test_read_quoted_parameters);
  g_test_add_func ("/vcard/read/refuses-more-than-256-parameters-quickly",
                   test_read_refuses_many_parameters);
  g_test_add_func ("/vcard/read/keeps-up-to-256-parameters", test_read_keeps_many_parameters);
  g_test_add_func ("/vcard/read/parses-every-card-of-a-stream", test_read_stream);
  g_test_add_func ("/vcard/read/single-card-needs-exactly-one", test_read_single_card);
  for (guint i = 0; i < G_N_ELEMENTS (malformed_cases); i++)
    g_test_add_data_func (malformed_cases[i].path, &malformed_cases[i], test_read_rejects);

  g_test_add_func ("/vcard/text/escape-round-trip", test_text_escape_round_trip);
  g_test_add_func ("/vcard/text/unescapes-known-sequences", test_text_unescape);
  g_test_add_func ("/vcard/text/splits-structured-values", test_text_structured);

  g_test_add_func ("/vcard/write/folds-without-splitting-utf8", test_write_folds_utf8);
  g_test_add_func ("/vcard/write/folds-at-75-octets", test_write_folds_exactly_at_75);
  g_test_add_func ("/vcard/write/uses-crlf-and-quotes-parameters", test_write_crlf_and_quotes);
  g_test_add_func ("/vcard/write/keeps-unmodified-lines-byte-for-byte", test_write_keeps_unmodified_lines);

  g_test_add_func ("/vcard/edit/adds-removes-and-replaces-properties", test_edit_properties);

  g_test_add_data_func ("/vcard/customer/round-trip-4.0",
                        GINT_TO_POINTER (RAPPORT_VCARD_VERSION_4_0), test_customer_round_trip);
  g_test_add_data_func ("/vcard/customer/round-trip-3.0",
                        GINT_TO_POINTER (RAPPORT_VCARD_VERSION_3_0), test_customer_round_trip);
  g_test_add_data_func ("/vcard/customer/organization-round-trip-4.0",
                        GINT_TO_POINTER (RAPPORT_VCARD_VERSION_4_0), test_customer_organization_round_trip);
  g_test_add_data_func ("/vcard/customer/organization-round-trip-3.0",
                        GINT_TO_POINTER (RAPPORT_VCARD_VERSION_3_0), test_customer_organization_round_trip);
  g_test_add_func ("/vcard/customer/writes-4.0-properties", test_customer_writes_4_0);
  g_test_add_func ("/vcard/customer/writes-3.0-properties", test_customer_writes_3_0);
  g_test_add_func ("/vcard/customer/reads-apple-card", test_customer_reads_apple_card);
  g_test_add_func ("/vcard/customer/phonetic-name-and-consent", test_customer_phonetic_name_and_consent);
  g_test_add_func ("/vcard/customer/reads-2.1-tel-cell", test_customer_reads_2_1);
  g_test_add_func ("/vcard/customer/base-keeps-unknown-properties", test_customer_base_keeps_unknown);
  g_test_add_func ("/vcard/customer/phone-written-as-received", test_customer_phone_written_as_received);
  g_test_add_func ("/vcard/customer/base-in-other-version-drops-labels-of-removed-values",
                   test_customer_base_drops_orphan_labels);
  g_test_add_func ("/vcard/customer/free-text-labels-use-new-groups", test_customer_free_labels_use_new_groups);
  g_test_add_func ("/vcard/customer/rejects-card-without-name", test_customer_requires_a_name);
  g_test_add_func ("/vcard/customer/rejects-unknown-channel", test_customer_rejects_unknown_channel);

  g_test_add_data_func ("/vcard/fidelity/apple-company-card-edited-keeps-every-line",
                        "apple-addressbook-3.0-photo.vcf", test_fidelity_corpus_card_unchanged_but_notes);
  g_test_add_data_func ("/vcard/fidelity/kaddressbook-4.0-card-edited-keeps-every-line",
                        "kaddressbook-4.0.vcf", test_fidelity_corpus_card_unchanged_but_notes);
  g_test_add_data_func ("/vcard/fidelity/davx5-card-edited-keeps-every-line",
                        "davx5-android-3.0.vcf", test_fidelity_corpus_card_unchanged_but_notes);
  g_test_add_func ("/vcard/fidelity/apple-company-keeps-contact-person",
                   test_fidelity_apple_company_keeps_contact_person);
  g_test_add_func ("/vcard/fidelity/person-keeps-org-of-another-app", test_fidelity_person_keeps_foreign_org);
  g_test_add_func ("/vcard/fidelity/organization-rename-keeps-org-units", test_fidelity_org_rename_keeps_units);
  g_test_add_func ("/vcard/fidelity/n-keeps-every-component", test_fidelity_person_n_keeps_every_component);
  g_test_add_func ("/vcard/fidelity/category-removed-keeps-the-other-exactly",
                   test_fidelity_category_removed_keeps_the_other);
  g_test_add_func ("/vcard/fidelity/bday-without-year-in-3.0", test_fidelity_bday_without_year_in_3_0);
  g_test_add_func ("/vcard/fidelity/folds-multibyte-at-75-octets", test_fidelity_folds_multibyte_at_75);

  return g_test_run ();
}
