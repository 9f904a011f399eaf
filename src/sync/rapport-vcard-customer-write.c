/* rapport-vcard-customer-write.c
 *
 * Writing a customer as a vCard, from the server's or the imported card
 * when there is one (the rules are at the top of rapport-vcard-customer.c).
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

typedef struct
{
  const RapportCustomer *customer;
  RapportVCard          *out;
  RapportVCard          *base;     /* NULL when none */
  GHashTable            *owned;    /* base properties the mapping replaces */
  GHashTable            *origin;   /* out property -> 1 + index of its base property */
  GHashTable            *groups;   /* lower-case groups in use */
  guint                  next_item;
  gboolean               v4;
  gboolean               reuse_text;   /* the base is 3.0 or 4.0 */
  gboolean               reuse_points; /* the base has the version written */
} Builder;

/* Properties of which the mapping owns every instance. */
static const char * const owned_all[] = {
  "PRODID", "UID", "KIND", "X-ADDRESSBOOKSERVER-KIND", "X-ABSHOWAS", "N", "REV",
  "EMAIL", "TEL", "ADR", "CATEGORIES", "X-RAPPORT-RELATED", "X-RAPPORT-LANG",
  "X-RAPPORT-FORM-OF-ADDRESS", "X-RAPPORT-FIRST-NAME-BASIS",
  "X-RAPPORT-PREFERRED-CHANNEL", "X-RAPPORT-CULTURAL-NOTES",
  "X-RAPPORT-BEST-TIME", "X-RAPPORT-COUNTRY", "X-RAPPORT-PHONETIC-NAME",
  "X-RAPPORT-CONSENT-MARKETING", "X-RAPPORT-CONSENT-DATE", "X-RAPPORT-CONSENT-BASIS",
  NULL
};

/* Properties of which the mapping owns (and reads) the first one. */
static const char * const owned_first[] = { "FN", "ORG", "TITLE", "NOTE", NULL };

static const char * const point_names[] = { "EMAIL", "TEL", "ADR", NULL };

/* Properties that only annotate another one of their group. */
static const char * const annotations[] = { "X-ABLABEL", "X-ABADR", NULL };

/* Builder: the reuse of unchanged base properties */

typedef gboolean (*MatchFunc) (Builder                    *b,
                               const RapportVCardProperty *candidate,
                               gconstpointer               data);

static gboolean
match_text (Builder                    *b,
            const RapportVCardProperty *candidate,
            gconstpointer               data)
{
  g_autofree char *text = rapport_vcard_map_property_text (candidate);
  g_autofree char *wanted = g_strstrip (g_strdup (data));

  return rapport_vcard_map_same_or_cut (text, wanted, RAPPORT_TEXT_SHORT);
}

static gboolean
match_long_text (Builder                    *b,
                 const RapportVCardProperty *candidate,
                 gconstpointer               data)
{
  g_autofree char *text = rapport_vcard_map_property_text (candidate);
  g_autofree char *wanted = g_strstrip (g_strdup (data));

  return rapport_vcard_map_same_or_cut (text, wanted, RAPPORT_TEXT_LONG);
}

/* Only a cut: these are written anew otherwise. */
static gboolean
match_cut_text (Builder                    *b,
                const RapportVCardProperty *candidate,
                gconstpointer               data)
{
  g_autofree char *text = rapport_vcard_map_property_text (candidate);

  return rapport_text_is_cut_of (data, text, RAPPORT_TEXT_SHORT);
}

static gboolean
match_cut_long_text (Builder                    *b,
                     const RapportVCardProperty *candidate,
                     gconstpointer               data)
{
  g_autofree char *text = rapport_vcard_map_property_text (candidate);

  return rapport_text_is_cut_of (data, text, RAPPORT_TEXT_LONG);
}

/* "x" and "urn:uuid:x" are one UID. */
static gboolean
match_uid (Builder                    *b,
           const RapportVCardProperty *candidate,
           gconstpointer               data)
{
  g_autofree char *text = rapport_vcard_map_property_text (candidate);
  g_autofree char *uid = rapport_vcard_map_strip_urn_uuid (text);
  g_autofree char *wanted = rapport_vcard_map_strip_urn_uuid (data);

  return rapport_vcard_map_same_text (uid, wanted, FALSE);
}

static gboolean
match_name (Builder                    *b,
            const RapportVCardProperty *candidate,
            gconstpointer               data)
{
  const char * const *wanted = data;
  g_auto(GStrv) parts = rapport_vcard_property_dup_components (candidate);
  gboolean person = b->customer->kind == RAPPORT_CUSTOMER_KIND_PERSON;

  /* An organization's N is its contact person (Apple), not ours. */
  if (!person)
    return TRUE;

  /* A person's additional names and suffix are not ours: keep them. */
  for (guint i = 0; i < 5; i++)
    {
      g_autofree char *part = rapport_vcard_map_component (parts, i);

      if (person && (i == 2 || i == 4))
        continue;
      if (!rapport_vcard_map_same_or_cut (part, wanted[i], RAPPORT_TEXT_SHORT))
        return FALSE;
    }

  return TRUE;
}

static gboolean
match_organization (Builder                    *b,
                    const RapportVCardProperty *candidate,
                    gconstpointer               data)
{
  g_auto(GStrv) parts = rapport_vcard_property_dup_components (candidate);
  g_autofree char *name = rapport_vcard_map_component (parts, 0);
  g_autofree char *wanted = g_strstrip (g_strdup (data));

  return rapport_vcard_map_same_or_cut (name, wanted, RAPPORT_TEXT_SHORT);
}

static gboolean
match_email (Builder                    *b,
             const RapportVCardProperty *candidate,
             gconstpointer               data)
{
  const RapportContactPoint *point = data;
  g_autofree char *value = rapport_vcard_map_read_point_value (candidate, POINT_EMAIL);
  g_autofree char *label = rapport_vcard_map_read_label (b->base, candidate, POINT_EMAIL);

  return rapport_vcard_map_same_text (value, point->value, TRUE) &&
         rapport_vcard_map_same_text (label, point->label, TRUE) &&
         rapport_vcard_map_read_preferred (candidate) == !!point->preferred;
}

static gboolean
match_phone (Builder                    *b,
             const RapportVCardProperty *candidate,
             gconstpointer               data)
{
  const RapportContactPoint *point = data;
  g_autofree char *value = rapport_vcard_map_read_point_value (candidate, POINT_PHONE);
  g_autofree char *label = rapport_vcard_map_read_label (b->base, candidate, POINT_PHONE);
  g_autofree char *region = rapport_phone_dup_default_region (b->customer->country);

  /* The same number written another way is this one: the card keeps
   * how it was written. */
  return value != NULL &&
         rapport_phone_equal (value, point->value, region) &&
         rapport_vcard_map_same_text (label, point->label, TRUE) &&
         rapport_vcard_map_read_preferred (candidate) == !!point->preferred;
}

static gboolean
match_address (Builder                    *b,
               const RapportVCardProperty *candidate,
               gconstpointer               data)
{
  const RapportAddress *wanted = data;
  RapportAddress *address = rapport_vcard_map_read_address (b->base, candidate);
  gboolean same;

  same = address != NULL &&
         rapport_vcard_map_same_or_cut (address->street, wanted->street, RAPPORT_TEXT_SHORT) &&
         rapport_vcard_map_same_or_cut (address->locality, wanted->locality, RAPPORT_TEXT_SHORT) &&
         rapport_vcard_map_same_or_cut (address->region, wanted->region, RAPPORT_TEXT_SHORT) &&
         rapport_vcard_map_same_or_cut (address->postal_code, wanted->postal_code, RAPPORT_TEXT_SHORT) &&
         rapport_vcard_map_same_text (address->country, wanted->country, TRUE) &&
         rapport_vcard_map_same_text (address->label, wanted->label, TRUE) &&
         address->preferred == !!wanted->preferred;
  rapport_address_free (address);

  return same;
}

/* Adds @property, which stands for base property @index. */
static void
builder_add_from_base (Builder              *b,
                       RapportVCardProperty *property,
                       guint                 index)
{
  g_hash_table_insert (b->origin, property, GUINT_TO_POINTER (index + 1));
  rapport_vcard_add_property (b->out, property);
}

/* Copies the first owned, not yet reused base property named @name that
 * @match accepts; FALSE when there is none. */
static gboolean
builder_reuse (Builder       *b,
               GHashTable    *reused,
               const char    *name,
               MatchFunc      match,
               gconstpointer  data)
{
  /* TYPE and PREF are spelled differently in 3.0 and 4.0; the values of
   * FN, N, ORG, TITLE and NOTE are not. */
  if (rapport_vcard_map_str_in (name, point_names) ? !b->reuse_points : !b->reuse_text)
    return FALSE;

  for (guint i = 0; i < rapport_vcard_get_n_properties (b->base); i++)
    {
      RapportVCardProperty *candidate = rapport_vcard_get_property (b->base, i);

      if (!g_str_equal (rapport_vcard_property_get_name (candidate), name) ||
          !g_hash_table_contains (b->owned, candidate) ||
          g_hash_table_contains (reused, candidate))
        continue;

      if (match (b, candidate, data))
        {
          g_hash_table_add (reused, candidate);
          builder_add_from_base (b, rapport_vcard_property_copy (candidate), i);
          return TRUE;
        }
    }

  return FALSE;
}

/* Builder: writing */

/* A person's ORG is Rapport's when the person has an organization here,
 * or had one (Rapport's link is in the card): an ORG another app wrote
 * for someone with no organization in Rapport stays as it is. */
static gboolean
builder_owns_org (Builder    *b,
                  const char *organization_uid)
{
  const RapportCustomer *customer = b->customer;

  if (customer->kind != RAPPORT_CUSTOMER_KIND_PERSON)
    return TRUE;

  return !rapport_vcard_map_is_empty (customer->organization_name) || !rapport_vcard_map_is_empty (organization_uid) ||
         rapport_vcard_map_pick_related (b->base) != NULL || rapport_vcard_map_pick_first (b->base, "X-RAPPORT-RELATED") != NULL;
}

static void
builder_init (Builder               *b,
              const RapportCustomer *customer,
              RapportVCardVersion    version,
              const char            *organization_uid,
              RapportVCard          *base)
{
  memset (b, 0, sizeof *b);
  b->customer = customer;
  b->base = base;
  b->v4 = version == RAPPORT_VCARD_VERSION_4_0;
  b->out = rapport_vcard_new (b->v4 ? "4.0" : "3.0");
  b->owned = g_hash_table_new (NULL, NULL);
  b->origin = g_hash_table_new (NULL, NULL);
  b->groups = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  b->next_item = 1;

  if (base == NULL)
    return;

  b->reuse_points = g_strcmp0 (rapport_vcard_get_version (base), rapport_vcard_get_version (b->out)) == 0;
  b->reuse_text = g_strcmp0 (rapport_vcard_get_version (base), "3.0") == 0 ||
                  g_strcmp0 (rapport_vcard_get_version (base), "4.0") == 0;

  for (guint i = 0; i < rapport_vcard_get_n_properties (base); i++)
    {
      RapportVCardProperty *property = rapport_vcard_get_property (base, i);
      const char *name = rapport_vcard_property_get_name (property);
      const char *group = rapport_vcard_property_get_group (property);

      if (group != NULL)
        g_hash_table_add (b->groups, g_ascii_strdown (group, -1));

      if (rapport_vcard_map_str_in (name, owned_all) ||
          (g_str_equal (name, "RELATED") &&
           rapport_vcard_property_has_param_value (property, "TYPE", RELATED_TYPE)) ||
          (g_str_equal (name, "TZ") && !rapport_vcard_map_is_empty (customer->time_zone)))
        g_hash_table_add (b->owned, property);
    }

  for (guint i = 0; owned_first[i] != NULL; i++)
    {
      RapportVCardProperty *property = rapport_vcard_map_pick_first (base, owned_first[i]);

      if (property != NULL && (!g_str_equal (owned_first[i], "ORG") || builder_owns_org (b, organization_uid)))
        g_hash_table_add (b->owned, property);
    }

  if (rapport_vcard_map_pick_time_zone (base) != NULL)
    g_hash_table_add (b->owned, rapport_vcard_map_pick_time_zone (base));
  if (rapport_vcard_map_pick_language (base) != NULL)
    g_hash_table_add (b->owned, rapport_vcard_map_pick_language (base));
}

static void
builder_clear (Builder *b)
{
  g_clear_pointer (&b->out, rapport_vcard_unref);
  g_clear_pointer (&b->owned, g_hash_table_unref);
  g_clear_pointer (&b->origin, g_hash_table_unref);
  g_clear_pointer (&b->groups, g_hash_table_unref);
}

static char *
builder_new_group (Builder *b)
{
  for (;;)
    {
      char *group = g_strdup_printf ("item%u", b->next_item++);

      if (!g_hash_table_contains (b->groups, group))
        {
          g_hash_table_add (b->groups, g_strdup (group));
          return group;
        }

      g_free (group);
    }
}

/* Adds @name with @text unless @text is empty. */
static RapportVCardProperty *
builder_add_text (Builder    *b,
                  const char *name,
                  const char *text)
{
  if (rapport_vcard_map_is_empty (text))
    return NULL;

  return rapport_vcard_add_text (b->out, name, text);
}

/* Adds the TYPE a vCard gives @label, or when there is none an X-ABLabel
 * in a new group; and the preference. */
static void
builder_add_point (Builder              *b,
                   RapportVCardProperty *property,
                   PointKind             kind,
                   const char           *label,
                   gboolean              preferred)
{
  static const char * const place_types[][2] = {
    { "work", "work" }, { "home", "home" },
  };
  static const char * const phone_types[][2] = {
    { "work", "work,voice" }, { "home", "home,voice" }, { "mobile", "cell" },
    { "fax", "fax" }, { "pager", "pager" }, { "other", "voice" },
  };
  const char * const (*table)[2];
  const char *types = NULL;
  const char *apple = NULL;
  guint n_table;

  switch (kind)
    {
    case POINT_PHONE:
      table = phone_types;
      n_table = G_N_ELEMENTS (phone_types);
      break;

    case POINT_EMAIL:
    case POINT_ADDRESS:
    default:
      table = place_types;
      n_table = G_N_ELEMENTS (place_types);
      break;
    }

  if (kind == POINT_EMAIL && !b->v4)
    rapport_vcard_property_add_param (property, "TYPE", "INTERNET");

  if (!rapport_vcard_map_is_empty (label))
    {
      for (guint i = 0; i < n_table && types == NULL; i++)
        if (g_ascii_strcasecmp (label, table[i][0]) == 0)
          types = table[i][1];

      if (g_ascii_strcasecmp (label, "other") == 0)
        apple = APPLE_LABEL_OTHER;
      else if (types == NULL)
        apple = label;
    }

  if (types != NULL)
    {
      g_auto(GStrv) each = g_strsplit (types, ",", -1);

      for (guint i = 0; each[i] != NULL; i++)
        {
          g_autofree char *type = b->v4 ? g_strdup (each[i]) : g_ascii_strup (each[i], -1);

          rapport_vcard_property_add_param (property, "TYPE", type);
        }
    }

  if (preferred)
    {
      if (b->v4)
        rapport_vcard_property_add_param (property, "PREF", "1");
      else
        rapport_vcard_property_add_param (property, "TYPE", "PREF");
    }

  if (apple != NULL)
    {
      g_autofree char *group = builder_new_group (b);

      rapport_vcard_property_set_group (property, group);
      rapport_vcard_add_property (b->out, property);
      rapport_vcard_add_property (b->out, rapport_vcard_property_new_text (group, "X-ABLabel", apple));
    }
  else
    {
      rapport_vcard_add_property (b->out, property);
    }
}

static void
builder_write_points (Builder *b)
{
  const RapportCustomer *customer = b->customer;
  g_autoptr(GHashTable) reused = g_hash_table_new (NULL, NULL);

  for (guint i = 0; i < customer->emails->len; i++)
    {
      const RapportContactPoint *point = g_ptr_array_index (customer->emails, i);

      if (rapport_vcard_map_is_empty (point->value) || builder_reuse (b, reused, "EMAIL", match_email, point))
        continue;

      builder_add_point (b, rapport_vcard_property_new_text (NULL, "EMAIL", point->value),
                         POINT_EMAIL, point->label, point->preferred);
    }

  for (guint i = 0; i < customer->phones->len; i++)
    {
      const RapportContactPoint *point = g_ptr_array_index (customer->phones, i);

      if (rapport_vcard_map_is_empty (point->value) || builder_reuse (b, reused, "TEL", match_phone, point))
        continue;

      builder_add_point (b, rapport_vcard_property_new_text (NULL, "TEL", point->value),
                         POINT_PHONE, point->label, point->preferred);
    }

  for (guint i = 0; i < customer->addresses->len; i++)
    {
      const RapportAddress *address = g_ptr_array_index (customer->addresses, i);
      const char *parts[8];
      RapportVCardProperty *property;

      if (rapport_vcard_map_is_empty (address->street) && rapport_vcard_map_is_empty (address->locality) &&
          rapport_vcard_map_is_empty (address->region) && rapport_vcard_map_is_empty (address->postal_code) &&
          rapport_vcard_map_is_empty (address->country))
        continue;

      if (builder_reuse (b, reused, "ADR", match_address, address))
        continue;

      parts[0] = "";
      parts[1] = "";
      parts[2] = address->street != NULL ? address->street : "";
      parts[3] = address->locality != NULL ? address->locality : "";
      parts[4] = address->region != NULL ? address->region : "";
      parts[5] = address->postal_code != NULL ? address->postal_code : "";
      parts[6] = address->country != NULL ? address->country : "";
      parts[7] = NULL;

      property = rapport_vcard_property_new (NULL, "ADR", "");
      rapport_vcard_property_set_components (property, parts);
      if (b->v4 && !rapport_vcard_map_is_empty (address->country))
        rapport_vcard_property_add_param (property, "CC", address->country);

      builder_add_point (b, property, POINT_ADDRESS, address->label, address->preferred);
    }
}

/* Whether the customer's type @type is @category. */
static gboolean
is_category (const char *type,
             const char *category)
{
  g_autofree char *key = NULL;

  if (g_str_equal (type, category))
    return TRUE;

  key = rapport_customer_type_key_for_name (category);

  return g_str_equal (type, key);
}

/* Every category of the base that is still one of the customer's types
 * keeps its exact text (its property unchanged when all of its
 * categories remain); the other types follow in a CATEGORIES of their
 * own. */
static void
builder_write_categories (Builder *b)
{
  const RapportCustomer *customer = b->customer;
  g_autoptr(GPtrArray) rest = g_ptr_array_new ();
  guint n_base = b->base != NULL ? rapport_vcard_get_n_properties (b->base) : 0;
  RapportVCardProperty *property;

  for (guint i = 0; i < customer->types->len; i++)
    g_ptr_array_add (rest, g_ptr_array_index (customer->types, i));

  for (guint i = 0; i < n_base; i++)
    {
      RapportVCardProperty *candidate = rapport_vcard_get_property (b->base, i);
      g_auto(GStrv) items = NULL;
      g_autoptr(GPtrArray) kept = NULL;
      guint n_items;

      if (!g_str_equal (rapport_vcard_property_get_name (candidate), "CATEGORIES"))
        continue;

      items = rapport_vcard_property_dup_list (candidate);
      n_items = g_strv_length (items);
      kept = g_ptr_array_new ();
      for (guint j = 0; j < n_items; j++)
        {
          g_autofree char *item = g_strstrip (g_strdup (items[j]));

          for (guint k = 0; k < rest->len; k++)
            if (*item != '\0' && is_category (g_ptr_array_index (rest, k), item))
              {
                g_ptr_array_remove_index (rest, k);
                g_ptr_array_add (kept, items[j]);
                break;
              }
        }

      if (kept->len == n_items)
        {
          builder_add_from_base (b, rapport_vcard_property_copy (candidate), i);
        }
      else if (kept->len > 0)
        {
          g_ptr_array_add (kept, NULL);
          property = rapport_vcard_property_copy (candidate);
          rapport_vcard_property_set_list (property, (const char * const *) kept->pdata);
          builder_add_from_base (b, property, i);
        }
    }

  if (rest->len > 0)
    {
      g_ptr_array_add (rest, NULL);
      property = rapport_vcard_property_new (NULL, "CATEGORIES", "");
      rapport_vcard_property_set_list (property, (const char * const *) rest->pdata);
      rapport_vcard_add_property (b->out, property);
    }
}

static void
builder_write_owned (Builder    *b,
                     const char *organization_uid)
{
  const RapportCustomer *customer = b->customer;
  gboolean person = customer->kind == RAPPORT_CUSTOMER_KIND_PERSON;
  g_autoptr(GHashTable) reused = g_hash_table_new (NULL, NULL);
  const char *organization = person ? customer->organization_name : customer->display_name;
  const char *name_parts[6];
  RapportVCardProperty *property;

  builder_add_text (b, "PRODID", RAPPORT_PRODID);

  if (!rapport_vcard_map_is_empty (customer->uid) && !builder_reuse (b, reused, "UID", match_uid, customer->uid))
    {
      g_autofree char *uid = NULL;

      if (g_ascii_strncasecmp (customer->uid, URN_UUID, strlen (URN_UUID)) == 0)
        uid = g_strdup (customer->uid);
      else
        uid = g_strconcat (URN_UUID, customer->uid, NULL);

      rapport_vcard_add_property (b->out, rapport_vcard_property_new (NULL, "UID", uid));
    }

  if (b->v4)
    {
      if (!builder_reuse (b, reused, "KIND", match_text, person ? "individual" : "org"))
        builder_add_text (b, "KIND", person ? "individual" : "org");
    }
  else if (!person && !builder_reuse (b, reused, "X-ABSHOWAS", match_text, "COMPANY"))
    {
      builder_add_text (b, "X-ABShowAs", "COMPANY");
    }

  if (!builder_reuse (b, reused, "FN", match_text,
                      customer->display_name != NULL ? customer->display_name : ""))
    rapport_vcard_add_text (b->out, "FN",
                            customer->display_name != NULL ? customer->display_name : "");

  name_parts[0] = person && customer->family_name != NULL ? customer->family_name : "";
  name_parts[1] = person && customer->given_name != NULL ? customer->given_name : "";
  name_parts[2] = "";
  name_parts[3] = person && customer->form_of_address != NULL ? customer->form_of_address : "";
  name_parts[4] = "";
  name_parts[5] = NULL;
  if (!builder_reuse (b, reused, "N", match_name, name_parts))
    {
      RapportVCardProperty *old = b->base != NULL ? rapport_vcard_map_pick_first (b->base, "N") : NULL;
      g_auto(GStrv) old_parts = old != NULL ? rapport_vcard_property_dup_components (old) : NULL;

      /* Additional names and suffixes are not Rapport's: they stay. */
      for (guint i = 2; person && old_parts != NULL && i <= 4; i += 2)
        if (g_strv_length (old_parts) > i)
          name_parts[i] = old_parts[i];

      property = rapport_vcard_property_new (NULL, "N", "");
      rapport_vcard_property_set_components (property, name_parts);
      rapport_vcard_add_property (b->out, property);
    }

  if (!rapport_vcard_map_is_empty (organization) &&
      !builder_reuse (b, reused, "ORG", match_organization, organization))
    {
      RapportVCardProperty *old = b->base != NULL ? rapport_vcard_map_pick_first (b->base, "ORG") : NULL;
      g_auto(GStrv) org_parts = NULL;

      /* The units (ORG:Acme GmbH;Purchasing) stay as they were. */
      if (old != NULL && g_hash_table_contains (b->owned, old))
        org_parts = rapport_vcard_property_dup_components (old);
      else
        org_parts = g_new0 (char *, 2);
      g_free (org_parts[0]);
      org_parts[0] = g_strdup (organization);

      property = rapport_vcard_property_new (NULL, "ORG", "");
      rapport_vcard_property_set_components (property, (const char * const *) org_parts);
      rapport_vcard_add_property (b->out, property);
    }

  if (!rapport_vcard_map_is_empty (customer->job_title) &&
      !builder_reuse (b, reused, "TITLE", match_text, customer->job_title))
    builder_add_text (b, "TITLE", customer->job_title);

  if (person && !rapport_vcard_map_is_empty (organization_uid))
    {
      g_autofree char *related = g_strconcat (URN_UUID, organization_uid, NULL);

      if (b->v4)
        {
          property = rapport_vcard_property_new (NULL, "RELATED", related);
          rapport_vcard_property_add_param (property, "TYPE", RELATED_TYPE);
          rapport_vcard_add_property (b->out, property);
        }
      else
        {
          rapport_vcard_add_property (b->out,
                                      rapport_vcard_property_new (NULL, "X-RAPPORT-RELATED", related));
        }
    }

  builder_write_points (b);

  if (!rapport_vcard_map_is_empty (customer->language))
    {
      if (b->v4 && builder_reuse (b, reused, "LANG", match_text, customer->language))
        ;
      else if (b->v4)
        {
          property = rapport_vcard_property_new (NULL, "LANG", customer->language);
          rapport_vcard_property_add_param (property, "PREF", "1");
          rapport_vcard_add_property (b->out, property);
        }
      else
        {
          builder_add_text (b, "X-RAPPORT-LANG", customer->language);
        }
    }

  if (!rapport_vcard_map_is_empty (customer->time_zone))
    {
      property = rapport_vcard_add_text (b->out, "TZ", customer->time_zone);
      if (!b->v4)
        rapport_vcard_property_add_param (property, "VALUE", "text");
    }

  builder_write_categories (b);

  if (!rapport_vcard_map_is_empty (customer->notes) &&
      !builder_reuse (b, reused, "NOTE", match_long_text, customer->notes))
    builder_add_text (b, "NOTE", customer->notes);

  /* A card of another app whose N holds it already does not get it. */
  if (!person || !builder_reuse (b, reused, "X-RAPPORT-FORM-OF-ADDRESS", match_text,
                                 customer->form_of_address != NULL ? customer->form_of_address : ""))
    {
      RapportVCardProperty *n = rapport_vcard_get_first (b->out, "N");
      g_auto(GStrv) parts = n != NULL ? rapport_vcard_property_dup_components (n) : NULL;
      g_autofree char *prefix = parts != NULL ? rapport_vcard_map_component (parts, 3) : NULL;

      if (!person || b->base == NULL || rapport_vcard_get_first (b->base, "X-RAPPORT-FORM-OF-ADDRESS") != NULL ||
          !rapport_vcard_map_same_text (prefix, customer->form_of_address, FALSE))
        builder_add_text (b, "X-RAPPORT-FORM-OF-ADDRESS", customer->form_of_address);
    }
  if (customer->first_name_basis)
    builder_add_text (b, "X-RAPPORT-FIRST-NAME-BASIS", "TRUE");
  if (customer->preferred_channel != RAPPORT_CHANNEL_NONE)
    builder_add_text (b, "X-RAPPORT-PREFERRED-CHANNEL",
                      rapport_enum_to_key (rapport_channel_info, customer->preferred_channel));
  if (rapport_vcard_map_is_empty (customer->cultural_notes) ||
      !builder_reuse (b, reused, "X-RAPPORT-CULTURAL-NOTES", match_cut_long_text, customer->cultural_notes))
    builder_add_text (b, "X-RAPPORT-CULTURAL-NOTES", customer->cultural_notes);
  if (rapport_vcard_map_is_empty (customer->best_time) ||
      !builder_reuse (b, reused, "X-RAPPORT-BEST-TIME", match_cut_text, customer->best_time))
    builder_add_text (b, "X-RAPPORT-BEST-TIME", customer->best_time);
  builder_add_text (b, "X-RAPPORT-COUNTRY", customer->country);

  /* A phonetic name that is Apple's as the card has it stays there only. */
  {
    g_autofree char *apple = b->base != NULL ? rapport_vcard_map_apple_phonetic_name (b->base) : NULL;

    if (b->base == NULL || rapport_vcard_get_first (b->base, "X-RAPPORT-PHONETIC-NAME") != NULL ||
        !rapport_vcard_map_same_text (apple, customer->phonetic_name, FALSE))
      builder_add_text (b, "X-RAPPORT-PHONETIC-NAME", customer->phonetic_name);
  }

  if (customer->consent_marketing || !rapport_vcard_map_is_empty (customer->consent_date) || !rapport_vcard_map_is_empty (customer->consent_basis))
    {
      builder_add_text (b, "X-RAPPORT-CONSENT-MARKETING", customer->consent_marketing ? "TRUE" : "FALSE");
      builder_add_text (b, "X-RAPPORT-CONSENT-DATE", customer->consent_date);
      builder_add_text (b, "X-RAPPORT-CONSENT-BASIS", customer->consent_basis);
    }

  if (customer->modified > 0)
    {
      g_autoptr(GDateTime) modified = g_date_time_new_from_unix_utc (customer->modified);

      if (modified != NULL)
        {
          g_autofree char *rev = g_date_time_format (modified,
                                                     b->v4 ? "%Y%m%dT%H%M%SZ" : "%Y-%m-%dT%H:%M:%SZ");

          rapport_vcard_add_property (b->out, rapport_vcard_property_new (NULL, "REV", rev));
        }
    }
}

/* A copy of @property fit for the version written: a date without a year
 * (BDAY:--0517) exists only in 4.0; 3.0 gets it the way Apple Contacts
 * and DAVx5 write it, BDAY;X-APPLE-OMIT-YEAR=1604:1604-05-17. */
static RapportVCardProperty *
copy_for_version (Builder                    *b,
                  const RapportVCardProperty *property)
{
  RapportVCardProperty *copy = rapport_vcard_property_copy (property);
  const char *value = rapport_vcard_property_get_value (property);
  char month_day[6];

  if (b->v4 || !g_str_equal (rapport_vcard_property_get_name (property), "BDAY") ||
      !g_str_has_prefix (value, "--"))
    return copy;

  value += 2;
  if (strlen (value) == 4 && strspn (value, "0123456789") == 4)
    g_snprintf (month_day, sizeof month_day, "%.2s-%.2s", value, value + 2);
  else if (strlen (value) == 5 && value[2] == '-' && strspn (value, "0123456789") == 2 &&
           strspn (value + 3, "0123456789") == 2)
    g_strlcpy (month_day, value, sizeof month_day);
  else
    return copy;

  {
    g_autofree char *date = g_strconcat ("1604-", month_day, NULL);

    rapport_vcard_property_set_value (copy, date);
    rapport_vcard_property_remove_param (copy, "VALUE");
    rapport_vcard_property_add_param (copy, "X-APPLE-OMIT-YEAR", "1604");
  }

  return copy;
}

/* Copies every base property the mapping does not own, in order, but an
 * X-ABLabel or X-ABADR whose group lost its owned property. */
static void
builder_copy_unowned (Builder *b)
{
  g_autoptr(GHashTable) alive = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(GHashTable) owned_groups = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  guint n_base;

  if (b->base == NULL)
    return;

  n_base = rapport_vcard_get_n_properties (b->base);

  for (guint i = 0; i < rapport_vcard_get_n_properties (b->out); i++)
    {
      const char *group = rapport_vcard_property_get_group (rapport_vcard_get_property (b->out, i));

      if (group != NULL)
        g_hash_table_add (alive, g_ascii_strdown (group, -1));
    }

  for (guint i = 0; i < n_base; i++)
    {
      RapportVCardProperty *property = rapport_vcard_get_property (b->base, i);
      const char *group = rapport_vcard_property_get_group (property);

      if (group == NULL)
        continue;

      if (g_hash_table_contains (b->owned, property))
        g_hash_table_add (owned_groups, g_ascii_strdown (group, -1));
      else if (!rapport_vcard_map_str_in (rapport_vcard_property_get_name (property), annotations))
        g_hash_table_add (alive, g_ascii_strdown (group, -1));
    }

  for (guint i = 0; i < n_base; i++)
    {
      RapportVCardProperty *property = rapport_vcard_get_property (b->base, i);
      const char *group = rapport_vcard_property_get_group (property);

      if (g_hash_table_contains (b->owned, property))
        continue;

      if (group != NULL && rapport_vcard_map_str_in (rapport_vcard_property_get_name (property), annotations))
        {
          g_autofree char *lower = g_ascii_strdown (group, -1);

          if (g_hash_table_contains (owned_groups, lower) && !g_hash_table_contains (alive, lower))
            continue;
        }

      builder_add_from_base (b, copy_for_version (b, property), i);
    }
}

typedef struct
{
  RapportVCardProperty *property;
  guint                 place;  /* 1 + index of the base property, or 0 */
  guint                 own;    /* 0: its own base place, 1: after it */
  guint                 seq;
} Placed;

static int
compare_placed (gconstpointer a,
                gconstpointer b)
{
  const Placed *x = a;
  const Placed *y = b;

  if (x->place != y->place)
    return x->place < y->place ? -1 : 1;
  if (x->own != y->own)
    return x->own < y->own ? -1 : 1;

  return x->seq < y->seq ? -1 : x->seq > y->seq;
}

/* Puts the card in the order of the base: a property copied from the
 * base, or written anew in place of an owned base property of its name,
 * takes that property's place; a property with no place follows the one
 * written before it. */
static void
builder_restore_order (Builder *b)
{
  guint n = rapport_vcard_get_n_properties (b->out);
  guint n_base = rapport_vcard_get_n_properties (b->base);
  g_autofree Placed *placed = g_new0 (Placed, n);
  g_autofree gboolean *claimed = g_new0 (gboolean, n_base);
  g_autoptr(RapportVCard) ordered = rapport_vcard_new (rapport_vcard_get_version (b->out));
  guint last = 0;

  for (guint i = 0; i < n; i++)
    {
      placed[i].property = rapport_vcard_get_property (b->out, i);
      placed[i].place = GPOINTER_TO_UINT (g_hash_table_lookup (b->origin, placed[i].property));
      placed[i].seq = i;
      if (placed[i].place > 0)
        claimed[placed[i].place - 1] = TRUE;
    }

  for (guint i = 0; i < n; i++)
    {
      const char *name = rapport_vcard_property_get_name (placed[i].property);

      for (guint j = 0; placed[i].place == 0 && j < n_base; j++)
        {
          RapportVCardProperty *old = rapport_vcard_get_property (b->base, j);

          if (!claimed[j] && g_hash_table_contains (b->owned, old) &&
              g_str_equal (rapport_vcard_property_get_name (old), name))
            {
              claimed[j] = TRUE;
              placed[i].place = j + 1;
            }
        }

      if (placed[i].place > 0)
        last = placed[i].place;
      else
        {
          placed[i].place = last;
          placed[i].own = 1;
        }
    }

  qsort (placed, n, sizeof *placed, compare_placed);
  for (guint i = 0; i < n; i++)
    rapport_vcard_add_property (ordered, rapport_vcard_property_copy (placed[i].property));

  g_clear_pointer (&b->out, rapport_vcard_unref);
  b->out = g_steal_pointer (&ordered);
}

/* Public API */

RapportVCard *
rapport_vcard_from_customer (const RapportCustomer *customer,
                             RapportVCardVersion    version,
                             const char            *organization_uid,
                             RapportVCard          *base)
{
  Builder b;
  RapportVCard *card;

  g_return_val_if_fail (customer != NULL, NULL);
  g_return_val_if_fail (version == RAPPORT_VCARD_VERSION_3_0 ||
                        version == RAPPORT_VCARD_VERSION_4_0, NULL);

  builder_init (&b, customer, version, organization_uid, base);
  builder_write_owned (&b, organization_uid);
  builder_copy_unowned (&b);
  if (base != NULL)
    builder_restore_order (&b);

  card = g_steal_pointer (&b.out);
  builder_clear (&b);

  return card;
}
