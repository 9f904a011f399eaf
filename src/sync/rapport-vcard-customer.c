/* rapport-vcard-customer.c
 *
 * What the mapping writes (4.0 / 3.0):
 *
 *   PRODID     -//Rapport//Rapport 0.1//EN
 *   UID        urn:uuid:<uid>
 *   KIND       org or individual / X-ABShowAs:COMPANY for organizations
 *   FN, N      N:family;given;;form of address; (N:;;;; for organizations)
 *   ORG        a person's organization name, an organization's own name
 *   TITLE
 *   RELATED;TYPE=x-rapport-organization:urn:uuid:<uid> / X-RAPPORT-RELATED
 *   EMAIL      TYPE=work|home, PREF=1 / TYPE=INTERNET,WORK|HOME,PREF
 *   TEL        TYPE=work,voice|home,voice|cell|fax|pager, PREF=1 / the same
 *              in upper case with PREF in TYPE
 *   ADR        ;;street;locality;region;postal code;country, TYPE=work|home,
 *              PREF as above, CC=<country> (4.0)
 *   LANG;PREF=1 / X-RAPPORT-LANG
 *   TZ         the IANA identifier (TZ;VALUE=text in 3.0)
 *   CATEGORIES the customer types (a category's exact text, see below)
 *   NOTE, REV  (the modification time, UTC)
 *   X-RAPPORT-FORM-OF-ADDRESS, -FIRST-NAME-BASIS (TRUE when set),
 *   -PREFERRED-CHANNEL (channel key), -CULTURAL-NOTES, -BEST-TIME, -COUNTRY,
 *   -PHONETIC-NAME (read from Apple's X-PHONETIC-FIRST-NAME and
 *   -LAST-NAME when the card has no Rapport one), -CONSENT-MARKETING
 *   (TRUE or FALSE, written when any consent field is set), -CONSENT-DATE
 *   (YYYY-MM-DD), -CONSENT-BASIS
 *
 * A label that has no TYPE ("other", or free text) goes into an
 * X-ABLabel property of a new group (item1.EMAIL + item1.X-ABLabel, the
 * convention of Apple Contacts, also read by DAVx5 and others); "other" is
 * written as Apple's "_$!<Other>!$_".
 *
 * The mapping owns, in a base card, the properties it reads: every
 * EMAIL, TEL, ADR, CATEGORIES, N, UID, REV, PRODID, KIND,
 * X-ADDRESSBOOKSERVER-KIND, X-ABShowAs and X-RAPPORT- property above; the
 * first FN, ORG, TITLE and NOTE; the TZ with a text value (every TZ when
 * the customer has a time zone); the most preferred LANG; RELATED with
 * TYPE=x-rapport-organization. Everything else
 * is copied unchanged, after the owned properties. An owned property whose
 * meaning has not changed is copied unchanged too, so the phone's
 * formatting, extra types and groups survive: FN, ORG, TITLE and NOTE with
 * the same text and N with the same family name, given name and prefix
 * (its other parts are not ours) from a 3.0 or 4.0 base; EMAIL, TEL and
 * ADR with the same value, label and preference from a base of the
 * version written (TYPE and PREF differ between versions). A text the
 * store cut to its limit (rapport-text.h) is unchanged as long as it is
 * the beginning of the base's text, so that base property (the server's
 * whole value) is copied. The X-ABLabel and
 * X-ABADR of a group whose owned property was dropped are dropped with it.
 * UID, KIND, X-ABShowAs and LANG with the same value are copied too; an
 * organization's N is never changed (Apple's contact person); a person's
 * ORG is owned only when the person has an organization or the card has
 * Rapport's link to one; a rewritten ORG keeps its units and a rewritten
 * N its additional names and suffix. CATEGORIES: a customer type matches
 * a category when it is its text or rapport_customer_type_key_for_name()
 * of it; matched categories keep their text (their property unchanged when
 * all of them remain), the other types follow in a new CATEGORIES. The
 * card written from a base keeps the base's order: a property takes the
 * place of the base property it copies or replaces (the first owned one
 * of its name), a new one follows the one written before it. In 3.0, a
 * copied BDAY without a year (--0517) is written the Apple way.
 */

#define G_LOG_DOMAIN "rapport-vcard"

#include "config.h"

#include <stdio.h>
#include <string.h>

#include <glib/gi18n-lib.h>

#include "rapport-error.h"
#include "rapport-text.h"
#include "rapport-store.h"
#include "rapport-phone.h"
#include "rapport-types.h"
#include "rapport-vcard-customer.h"
#include "rapport-vcard-customer-private.h"

static const struct
{
  const char *apple;
  const char *label;
} apple_labels[] = {
  { "Work", "work" },
  { "Home", "home" },
  { "Other", "other" },
  { "Mobile", "mobile" },
  { "iPhone", "mobile" },
  { "HomeFAX", "fax" },
  { "WorkFAX", "fax" },
  { "OtherFAX", "fax" },
  { "Pager", "pager" },
};

/* Helpers */

gboolean
rapport_vcard_map_is_empty (const char *text)
{
  return text == NULL || *text == '\0';
}

gboolean
rapport_vcard_map_str_in (const char         *name,
        const char * const *names)
{
  for (guint i = 0; names[i] != NULL; i++)
    if (g_ascii_strcasecmp (name, names[i]) == 0)
      return TRUE;

  return FALSE;
}

/* NULL and "" are the same; ASCII case matters unless @nocase. */
gboolean
rapport_vcard_map_same_text (const char *a,
           const char *b,
           gboolean    nocase)
{
  if (rapport_vcard_map_is_empty (a) || rapport_vcard_map_is_empty (b))
    return rapport_vcard_map_is_empty (a) && rapport_vcard_map_is_empty (b);

  return nocase ? g_ascii_strcasecmp (a, b) == 0 : strcmp (a, b) == 0;
}

/* @local is the text @remote of a server's property, or what the store
 * kept of it when it was over the limit of @kind: a cut that nobody
 * edited here, so the server's whole value stays. */
gboolean
rapport_vcard_map_same_or_cut (const char      *remote,
             const char      *local,
             RapportTextKind  kind)
{
  return rapport_vcard_map_same_text (remote, local, FALSE) || rapport_text_is_cut_of (local, remote, kind);
}

/* The unescaped, trimmed text of @property; NULL when empty. */
char *
rapport_vcard_map_property_text (const RapportVCardProperty *property)
{
  char *text;

  if (property == NULL)
    return NULL;

  text = g_strstrip (rapport_vcard_property_dup_text (property));
  if (*text == '\0')
    g_clear_pointer (&text, g_free);

  return text;
}

/* Component @index of @components, trimmed; NULL when missing or empty. */
char *
rapport_vcard_map_component (char  **components,
           guint   index)
{
  for (guint i = 0; i <= index; i++)
    if (components[i] == NULL)
      return NULL;

  if (*g_strstrip (components[index]) == '\0')
    return NULL;

  return g_strdup (components[index]);
}

char *
rapport_vcard_map_strip_urn_uuid (const char *text)
{
  if (text == NULL)
    return NULL;

  if (g_ascii_strncasecmp (text, URN_UUID, strlen (URN_UUID)) == 0)
    text += strlen (URN_UUID);

  return *text != '\0' ? g_strdup (text) : NULL;
}

static gboolean
is_version_4 (RapportVCard *card)
{
  return g_str_has_prefix (rapport_vcard_get_version (card), "4");
}

/* Picking the property that is read */

RapportVCardProperty *
rapport_vcard_map_pick_first (RapportVCard *card,
            const char   *name)
{
  return rapport_vcard_get_first (card, name);
}

static gboolean
tz_is_text (const RapportVCardProperty *property)
{
  const char * const *value_type = rapport_vcard_property_get_param (property, "VALUE");
  const char *value = rapport_vcard_property_get_value (property);

  if (value_type != NULL)
    return g_ascii_strcasecmp (value_type[0], "text") == 0;

  /* No VALUE: 4.0 means text, 3.0 an offset; tell them by the look. */
  while (*value == ' ')
    value++;

  return !(value[0] == '+' || value[0] == '-' || g_ascii_isdigit (value[0]) ||
           g_ascii_strcasecmp (value, "Z") == 0);
}

RapportVCardProperty *
rapport_vcard_map_pick_time_zone (RapportVCard *card)
{
  for (guint i = 0; i < rapport_vcard_get_n_properties (card); i++)
    {
      RapportVCardProperty *property = rapport_vcard_get_property (card, i);

      if (g_str_equal (rapport_vcard_property_get_name (property), "TZ") && tz_is_text (property))
        return property;
    }

  return NULL;
}

/* The LANG with the lowest PREF (1 to 100; none counts as 101), the
 * first of equals. */
RapportVCardProperty *
rapport_vcard_map_pick_language (RapportVCard *card)
{
  RapportVCardProperty *best = NULL;
  gint64 best_rank = G_MAXINT64;

  for (guint i = 0; i < rapport_vcard_get_n_properties (card); i++)
    {
      RapportVCardProperty *property = rapport_vcard_get_property (card, i);
      const char * const *pref;
      gint64 rank = 101;

      if (!g_str_equal (rapport_vcard_property_get_name (property), "LANG"))
        continue;

      pref = rapport_vcard_property_get_param (property, "PREF");
      if (pref != NULL)
        rank = CLAMP (g_ascii_strtoll (pref[0], NULL, 10), 1, 101);
      else if (rapport_vcard_property_has_param_value (property, "TYPE", "pref"))
        rank = 1;

      if (rank < best_rank)
        {
          best = property;
          best_rank = rank;
        }
    }

  return best;
}

RapportVCardProperty *
rapport_vcard_map_pick_related (RapportVCard *card)
{
  for (guint i = 0; i < rapport_vcard_get_n_properties (card); i++)
    {
      RapportVCardProperty *property = rapport_vcard_get_property (card, i);

      if (g_str_equal (rapport_vcard_property_get_name (property), "RELATED") &&
          rapport_vcard_property_has_param_value (property, "TYPE", RELATED_TYPE))
        return property;
    }

  return NULL;
}

/* Reading */

static gboolean
group_equal (const char *a,
             const char *b)
{
  return a != NULL && b != NULL && g_ascii_strcasecmp (a, b) == 0;
}

/* The text of property @name in the group of @property, or NULL. */
static char *
group_member_text (RapportVCard               *card,
                   const RapportVCardProperty *property,
                   const char                 *name)
{
  const char *group = rapport_vcard_property_get_group (property);

  if (group == NULL)
    return NULL;

  for (guint i = 0; i < rapport_vcard_get_n_properties (card); i++)
    {
      RapportVCardProperty *member = rapport_vcard_get_property (card, i);

      if (member != property &&
          g_str_equal (rapport_vcard_property_get_name (member), name) &&
          group_equal (rapport_vcard_property_get_group (member), group))
        return rapport_vcard_map_property_text (member);
    }

  return NULL;
}

static char *
label_from_apple (const char *text)
{
  gsize len = strlen (text);

  if (len > 8 && g_str_has_prefix (text, "_$!<") && g_str_has_suffix (text, ">!$_"))
    {
      g_autofree char *inner = g_strndup (text + 4, len - 8);

      for (guint i = 0; i < G_N_ELEMENTS (apple_labels); i++)
        if (g_ascii_strcasecmp (inner, apple_labels[i].apple) == 0)
          return g_strdup (apple_labels[i].label);

      return g_steal_pointer (&inner);
    }

  return g_strdup (text);
}

char *
rapport_vcard_map_read_label (RapportVCard               *card,
            const RapportVCardProperty *property,
            PointKind                   kind)
{
  static const char * const phone_types[][2] = {
    { "cell", "mobile" }, { "iphone", "mobile" }, { "mobile", "mobile" },
    { "fax", "fax" }, { "pager", "pager" },
    { "work", "work" }, { "home", "home" }, { "other", "other" },
  };
  static const char * const other_types[][2] = {
    { "work", "work" }, { "home", "home" }, { "other", "other" },
  };
  g_autofree char *apple = group_member_text (card, property, "X-ABLABEL");
  const char * const (*types)[2];
  guint n_types;

  if (apple != NULL)
    return label_from_apple (apple);

  switch (kind)
    {
    case POINT_PHONE:
      types = phone_types;
      n_types = G_N_ELEMENTS (phone_types);
      break;

    case POINT_EMAIL:
    case POINT_ADDRESS:
    default:
      types = other_types;
      n_types = G_N_ELEMENTS (other_types);
      break;
    }

  for (guint i = 0; i < n_types; i++)
    if (rapport_vcard_property_has_param_value (property, "TYPE", types[i][0]))
      return g_strdup (types[i][1]);

  return NULL;
}

/* PREF=1 (4.0) or TYPE=PREF (3.0, 2.1). */
gboolean
rapport_vcard_map_read_preferred (const RapportVCardProperty *property)
{
  const char * const *pref = rapport_vcard_property_get_param (property, "PREF");

  if (pref != NULL && g_ascii_strtoll (pref[0], NULL, 10) == 1)
    return TRUE;

  return rapport_vcard_property_has_param_value (property, "TYPE", "pref");
}

char *
rapport_vcard_map_read_point_value (const RapportVCardProperty *property,
                  PointKind                   kind)
{
  g_autofree char *text = rapport_vcard_map_property_text (property);
  const char *prefix = kind == POINT_PHONE ? "tel:" : "mailto:";

  if (text != NULL && g_ascii_strncasecmp (text, prefix, strlen (prefix)) == 0)
    {
      char *rest = g_strstrip (g_strdup (text + strlen (prefix)));

      if (*rest == '\0')
        g_clear_pointer (&rest, g_free);

      return rest;
    }

  return g_steal_pointer (&text);
}

RapportAddress *
rapport_vcard_map_read_address (RapportVCard               *card,
              const RapportVCardProperty *property)
{
  RapportAddress *address;
  g_auto(GStrv) parts = rapport_vcard_property_dup_components (property);
  const char * const *cc = rapport_vcard_property_get_param (property, "CC");
  char *country = NULL;

  address = rapport_address_new ();
  address->street = rapport_vcard_map_component (parts, 2);
  address->locality = rapport_vcard_map_component (parts, 3);
  address->region = rapport_vcard_map_component (parts, 4);
  address->postal_code = rapport_vcard_map_component (parts, 5);

  /* The code is in CC (RFC 8605) or Apple's X-ABADR, else maybe in the
   * country component. */
  if (cc != NULL && !rapport_vcard_map_is_empty (cc[0]))
    country = g_strstrip (g_strdup (cc[0]));
  if (country == NULL)
    country = group_member_text (card, property, "X-ABADR");
  if (country == NULL)
    country = rapport_vcard_map_component (parts, 6);
  if (country != NULL && strlen (country) == 2 &&
      g_ascii_isalpha (country[0]) && g_ascii_isalpha (country[1]))
    {
      country[0] = g_ascii_toupper (country[0]);
      country[1] = g_ascii_toupper (country[1]);
    }
  address->country = country;

  if (address->street == NULL && address->locality == NULL && address->region == NULL &&
      address->postal_code == NULL && address->country == NULL)
    {
      rapport_address_free (address);
      return NULL;
    }

  address->label = rapport_vcard_map_read_label (card, property, POINT_ADDRESS);
  address->preferred = rapport_vcard_map_read_preferred (property);

  return address;
}

static RapportCustomerKind
read_kind (RapportVCard *card)
{
  g_autofree char *kind = rapport_vcard_map_property_text (rapport_vcard_map_pick_first (card, "KIND"));
  g_autofree char *server_kind = NULL;
  g_autofree char *show_as = NULL;

  if (kind != NULL)
    return g_ascii_strcasecmp (kind, "org") == 0
           ? RAPPORT_CUSTOMER_KIND_ORGANIZATION
           : RAPPORT_CUSTOMER_KIND_PERSON;

  server_kind = rapport_vcard_map_property_text (rapport_vcard_map_pick_first (card, "X-ADDRESSBOOKSERVER-KIND"));
  if (server_kind != NULL && g_ascii_strcasecmp (server_kind, "org") == 0)
    return RAPPORT_CUSTOMER_KIND_ORGANIZATION;

  show_as = rapport_vcard_map_property_text (rapport_vcard_map_pick_first (card, "X-ABSHOWAS"));
  if (show_as != NULL && g_ascii_strcasecmp (show_as, "COMPANY") == 0)
    return RAPPORT_CUSTOMER_KIND_ORGANIZATION;

  return RAPPORT_CUSTOMER_KIND_PERSON;
}

static char *
read_organization (RapportVCard *card)
{
  RapportVCardProperty *property = rapport_vcard_map_pick_first (card, "ORG");
  g_auto(GStrv) parts = NULL;

  if (property == NULL)
    return NULL;

  parts = rapport_vcard_property_dup_components (property);

  return rapport_vcard_map_component (parts, 0);
}

static gboolean
read_boolean (RapportVCard *card,
              const char   *name)
{
  g_autofree char *text = rapport_vcard_map_property_text (rapport_vcard_map_pick_first (card, name));

  return text != NULL &&
         (g_ascii_strcasecmp (text, "TRUE") == 0 ||
          g_ascii_strcasecmp (text, "yes") == 0 ||
          g_str_equal (text, "1"));
}

/* Apple Contacts' phonetic name in two parts ("Yamada Tarō" written as
 * X-PHONETIC-FIRST-NAME:Tarō and X-PHONETIC-LAST-NAME:Yamada), as one
 * text, given name first; NULL when the card has neither. */
char *
rapport_vcard_map_apple_phonetic_name (RapportVCard *card)
{
  g_autofree char *first = rapport_vcard_map_property_text (rapport_vcard_map_pick_first (card, "X-PHONETIC-FIRST-NAME"));
  g_autofree char *last = rapport_vcard_map_property_text (rapport_vcard_map_pick_first (card, "X-PHONETIC-LAST-NAME"));

  if (first == NULL && last == NULL)
    return NULL;
  if (first == NULL || last == NULL)
    return g_strdup (first != NULL ? first : last);
  return g_strdup_printf ("%s %s", first, last);
}

/* REV: a date-time (basic or extended, UTC unless an offset is given) or
 * a date. 0 when there is none or it cannot be read. */
static gint64
read_timestamp (RapportVCard *card,
                const char   *name)
{
  g_autofree char *text = rapport_vcard_map_property_text (rapport_vcard_map_pick_first (card, name));
  g_autoptr(GTimeZone) utc = NULL;
  g_autoptr(GDateTime) when = NULL;
  int year, month, day;

  if (text == NULL)
    return 0;

  utc = g_time_zone_new_utc ();
  when = g_date_time_new_from_iso8601 (text, utc);

  if (when == NULL &&
      ((strlen (text) == 10 && sscanf (text, "%4d-%2d-%2d", &year, &month, &day) == 3) ||
       (strlen (text) == 8 && sscanf (text, "%4d%2d%2d", &year, &month, &day) == 3)))
    when = g_date_time_new_utc (year, month, day, 0, 0, 0);

  return when != NULL ? g_date_time_to_unix (when) : 0;
}

RapportCustomer *
rapport_vcard_to_customer (RapportVCard  *card,
                           char         **organization_uid,
                           GError       **error)
{
  g_autoptr(RapportCustomer) customer = NULL;
  g_autoptr(GPtrArray) emails = NULL;
  g_autoptr(GPtrArray) phones = NULL;
  g_autoptr(GPtrArray) addresses = NULL;
  g_autoptr(GPtrArray) categories = NULL;
  g_auto(GStrv) name_parts = NULL;
  g_autofree char *display_name = NULL;
  g_autofree char *organization = NULL;
  g_autofree char *uid = NULL;
  g_autofree char *channel = NULL;
  g_autofree char *related = NULL;
  RapportVCardProperty *property;
  gboolean v4;
  gboolean have_name = FALSE;
  gboolean have_preferred;

  g_return_val_if_fail (card != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (organization_uid != NULL)
    *organization_uid = NULL;

  v4 = is_version_4 (card);
  customer = rapport_customer_new (read_kind (card));
  uid = rapport_vcard_map_property_text (rapport_vcard_map_pick_first (card, "UID"));
  customer->uid = rapport_vcard_map_strip_urn_uuid (uid);

  display_name = rapport_vcard_map_property_text (rapport_vcard_map_pick_first (card, "FN"));
  organization = read_organization (card);
  property = rapport_vcard_map_pick_first (card, "N");
  name_parts = property != NULL ? rapport_vcard_property_dup_components (property) : g_new0 (char *, 1);
  for (guint i = 0; i < 5; i++)
    {
      g_autofree char *part = rapport_vcard_map_component (name_parts, i);

      have_name = have_name || part != NULL;
    }

  if (display_name == NULL && !have_name && organization == NULL)
    {
      if (uid != NULL)
        g_set_error (error, RAPPORT_ERROR, RAPPORT_ERROR_PARSE,
                     /* Translators: %s is the UID of a vCard */
                     _("vCard “%s” has no name: it has neither FN nor N nor ORG"), uid);
      else
        g_set_error_literal (error, RAPPORT_ERROR, RAPPORT_ERROR_PARSE,
                             _("The vCard has no name: it has neither FN nor N nor ORG"));
      return NULL;
    }

  if (customer->kind == RAPPORT_CUSTOMER_KIND_PERSON)
    {
      customer->family_name = rapport_vcard_map_component (name_parts, 0);
      customer->given_name = rapport_vcard_map_component (name_parts, 1);
      customer->organization_name = g_strdup (organization);
    }

  if (display_name == NULL && customer->kind == RAPPORT_CUSTOMER_KIND_ORGANIZATION)
    display_name = g_strdup (organization);
  if (display_name == NULL)
    {
      g_autoptr(GString) joined = g_string_new (NULL);
      guint order[] = { 3, 1, 2, 0, 4 };

      for (guint i = 0; i < G_N_ELEMENTS (order); i++)
        {
          g_autofree char *part = rapport_vcard_map_component (name_parts, order[i]);

          if (part != NULL)
            g_string_append_printf (joined, "%s%s", joined->len > 0 ? " " : "", part);
        }

      if (joined->len > 0)
        display_name = g_strdup (joined->str);
      else
        display_name = g_strdup (organization);
    }
  customer->display_name = g_steal_pointer (&display_name);

  customer->job_title = rapport_vcard_map_property_text (rapport_vcard_map_pick_first (card, "TITLE"));
  customer->form_of_address = rapport_vcard_map_property_text (rapport_vcard_map_pick_first (card, "X-RAPPORT-FORM-OF-ADDRESS"));
  if (customer->form_of_address == NULL && customer->kind == RAPPORT_CUSTOMER_KIND_PERSON)
    customer->form_of_address = rapport_vcard_map_component (name_parts, 3);
  customer->first_name_basis = read_boolean (card, "X-RAPPORT-FIRST-NAME-BASIS");

  if (v4)
    {
      customer->language = rapport_vcard_map_property_text (rapport_vcard_map_pick_language (card));
      if (customer->language == NULL)
        customer->language = rapport_vcard_map_property_text (rapport_vcard_map_pick_first (card, "X-RAPPORT-LANG"));
    }
  else
    {
      customer->language = rapport_vcard_map_property_text (rapport_vcard_map_pick_first (card, "X-RAPPORT-LANG"));
      if (customer->language == NULL)
        customer->language = rapport_vcard_map_property_text (rapport_vcard_map_pick_language (card));
    }

  customer->time_zone = rapport_vcard_map_property_text (rapport_vcard_map_pick_time_zone (card));
  customer->country = rapport_vcard_map_property_text (rapport_vcard_map_pick_first (card, "X-RAPPORT-COUNTRY"));
  customer->best_time = rapport_vcard_map_property_text (rapport_vcard_map_pick_first (card, "X-RAPPORT-BEST-TIME"));
  customer->cultural_notes = rapport_vcard_map_property_text (rapport_vcard_map_pick_first (card, "X-RAPPORT-CULTURAL-NOTES"));
  customer->notes = rapport_vcard_map_property_text (rapport_vcard_map_pick_first (card, "NOTE"));
  customer->phonetic_name = rapport_vcard_map_property_text (rapport_vcard_map_pick_first (card, "X-RAPPORT-PHONETIC-NAME"));
  if (customer->phonetic_name == NULL)
    customer->phonetic_name = rapport_vcard_map_apple_phonetic_name (card);
  customer->consent_marketing = read_boolean (card, "X-RAPPORT-CONSENT-MARKETING");
  customer->consent_date = rapport_vcard_map_property_text (rapport_vcard_map_pick_first (card, "X-RAPPORT-CONSENT-DATE"));
  customer->consent_basis = rapport_vcard_map_property_text (rapport_vcard_map_pick_first (card, "X-RAPPORT-CONSENT-BASIS"));

  channel = rapport_vcard_map_property_text (rapport_vcard_map_pick_first (card, "X-RAPPORT-PREFERRED-CHANNEL"));
  if (channel != NULL)
    {
      int value;

      if (!rapport_enum_from_key (rapport_channel_info, channel,
                                  "X-RAPPORT-PREFERRED-CHANNEL", &value, error))
        return NULL;
      customer->preferred_channel = value;
    }

  emails = rapport_vcard_get_all (card, "EMAIL");
  have_preferred = FALSE;
  for (guint i = 0; i < emails->len; i++)
    {
      RapportVCardProperty *point = g_ptr_array_index (emails, i);
      g_autofree char *value = rapport_vcard_map_read_point_value (point, POINT_EMAIL);
      g_autofree char *label = NULL;
      gboolean preferred;

      if (value == NULL)
        continue;

      label = rapport_vcard_map_read_label (card, point, POINT_EMAIL);
      preferred = !have_preferred && rapport_vcard_map_read_preferred (point);
      have_preferred = have_preferred || preferred;
      rapport_customer_add_email (customer, value, label, preferred);
    }

  phones = rapport_vcard_get_all (card, "TEL");
  have_preferred = FALSE;
  for (guint i = 0; i < phones->len; i++)
    {
      RapportVCardProperty *point = g_ptr_array_index (phones, i);
      g_autofree char *value = rapport_vcard_map_read_point_value (point, POINT_PHONE);
      g_autofree char *label = NULL;
      gboolean preferred;

      if (value == NULL)
        continue;

      label = rapport_vcard_map_read_label (card, point, POINT_PHONE);
      preferred = !have_preferred && rapport_vcard_map_read_preferred (point);
      have_preferred = have_preferred || preferred;
      rapport_customer_add_phone (customer, value, label, preferred);
    }

  addresses = rapport_vcard_get_all (card, "ADR");
  have_preferred = FALSE;
  for (guint i = 0; i < addresses->len; i++)
    {
      RapportAddress *address = rapport_vcard_map_read_address (card, g_ptr_array_index (addresses, i));

      if (address == NULL)
        continue;

      address->preferred = address->preferred && !have_preferred;
      have_preferred = have_preferred || address->preferred;
      g_ptr_array_add (customer->addresses, address);
    }

  categories = rapport_vcard_get_all (card, "CATEGORIES");
  for (guint i = 0; i < categories->len; i++)
    {
      g_auto(GStrv) keys = rapport_vcard_property_dup_list (g_ptr_array_index (categories, i));

      for (guint j = 0; keys[j] != NULL; j++)
        if (*g_strstrip (keys[j]) != '\0')
          rapport_customer_add_type (customer, keys[j]);
    }

  customer->modified = read_timestamp (card, "REV");

  if (customer->kind == RAPPORT_CUSTOMER_KIND_PERSON)
    {
      related = rapport_vcard_map_property_text (rapport_vcard_map_pick_related (card));
      if (related == NULL)
        related = rapport_vcard_map_property_text (rapport_vcard_map_pick_first (card, "X-RAPPORT-RELATED"));
      if (organization_uid != NULL)
        *organization_uid = rapport_vcard_map_strip_urn_uuid (related);
    }

  return g_steal_pointer (&customer);
}
