/* rapport-customer.c */

#define G_LOG_DOMAIN "rapport-customer"

#include "config.h"

#include "rapport-customer.h"

G_DEFINE_BOXED_TYPE (RapportCustomer, rapport_customer, rapport_customer_copy, rapport_customer_free)

static RapportContactPoint *
contact_point_copy (const RapportContactPoint *self)
{
  return rapport_contact_point_new (self->value, self->label, self->preferred);
}

static GPtrArray *
copy_array (GPtrArray      *array,
            GCopyFunc       copy,
            GDestroyNotify  free_func)
{
  GPtrArray *ret = g_ptr_array_new_full (array->len, free_func);

  for (guint i = 0; i < array->len; i++)
    g_ptr_array_add (ret, copy (g_ptr_array_index (array, i), NULL));

  return ret;
}

static gpointer
contact_point_copy_func (gconstpointer src,
                         gpointer      data)
{
  return contact_point_copy (src);
}

static gpointer
address_copy_func (gconstpointer src,
                   gpointer      data)
{
  return rapport_address_copy (src);
}

static gpointer
strdup_func (gconstpointer src,
             gpointer      data)
{
  return g_strdup (src);
}

RapportCustomer *
rapport_customer_new (RapportCustomerKind kind)
{
  RapportCustomer *self = g_new0 (RapportCustomer, 1);

  self->kind = kind;
  self->lifecycle = RAPPORT_LIFECYCLE_ACTIVE;
  self->emails = g_ptr_array_new_with_free_func ((GDestroyNotify) rapport_contact_point_free);
  self->phones = g_ptr_array_new_with_free_func ((GDestroyNotify) rapport_contact_point_free);
  self->addresses = g_ptr_array_new_with_free_func ((GDestroyNotify) rapport_address_free);
  self->types = g_ptr_array_new_with_free_func (g_free);
  self->derived_types = g_ptr_array_new_with_free_func (g_free);

  return self;
}

RapportCustomer *
rapport_customer_copy (const RapportCustomer *self)
{
  RapportCustomer *copy;

  g_return_val_if_fail (self != NULL, NULL);

  copy = g_new0 (RapportCustomer, 1);
  *copy = *self;
  copy->uid = g_strdup (self->uid);
  copy->display_name = g_strdup (self->display_name);
  copy->given_name = g_strdup (self->given_name);
  copy->family_name = g_strdup (self->family_name);
  copy->phonetic_name = g_strdup (self->phonetic_name);
  copy->organization_name = g_strdup (self->organization_name);
  copy->job_title = g_strdup (self->job_title);
  copy->form_of_address = g_strdup (self->form_of_address);
  copy->language = g_strdup (self->language);
  copy->time_zone = g_strdup (self->time_zone);
  copy->country = g_strdup (self->country);
  copy->best_time = g_strdup (self->best_time);
  copy->cultural_notes = g_strdup (self->cultural_notes);
  copy->notes = g_strdup (self->notes);
  copy->consent_date = g_strdup (self->consent_date);
  copy->consent_basis = g_strdup (self->consent_basis);
  copy->emails = copy_array (self->emails, contact_point_copy_func, (GDestroyNotify) rapport_contact_point_free);
  copy->phones = copy_array (self->phones, contact_point_copy_func, (GDestroyNotify) rapport_contact_point_free);
  copy->addresses = copy_array (self->addresses, address_copy_func, (GDestroyNotify) rapport_address_free);
  copy->types = copy_array (self->types, strdup_func, g_free);
  copy->derived_types = copy_array (self->derived_types, strdup_func, g_free);

  return copy;
}

void
rapport_customer_free (RapportCustomer *self)
{
  if (self == NULL)
    return;

  g_free (self->uid);
  g_free (self->display_name);
  g_free (self->given_name);
  g_free (self->family_name);
  g_free (self->phonetic_name);
  g_free (self->organization_name);
  g_free (self->job_title);
  g_free (self->form_of_address);
  g_free (self->language);
  g_free (self->time_zone);
  g_free (self->country);
  g_free (self->best_time);
  g_free (self->cultural_notes);
  g_free (self->notes);
  g_free (self->consent_date);
  g_free (self->consent_basis);
  g_ptr_array_unref (self->emails);
  g_ptr_array_unref (self->phones);
  g_ptr_array_unref (self->addresses);
  g_ptr_array_unref (self->types);
  g_ptr_array_unref (self->derived_types);
  g_free (self);
}

void
rapport_customer_add_email (RapportCustomer *self,
                            const char      *value,
                            const char      *label,
                            gboolean         preferred)
{
  g_return_if_fail (self != NULL);
  g_return_if_fail (value != NULL);

  g_ptr_array_add (self->emails, rapport_contact_point_new (value, label, preferred));
}

void
rapport_customer_add_phone (RapportCustomer *self,
                            const char      *value,
                            const char      *label,
                            gboolean         preferred)
{
  g_return_if_fail (self != NULL);
  g_return_if_fail (value != NULL);

  g_ptr_array_add (self->phones, rapport_contact_point_new (value, label, preferred));
}

RapportAddress *
rapport_customer_add_address (RapportCustomer *self,
                              const char      *label)
{
  RapportAddress *address;

  g_return_val_if_fail (self != NULL, NULL);

  address = rapport_address_new ();
  address->label = g_strdup (label);
  g_ptr_array_add (self->addresses, address);

  return address;
}

gboolean
rapport_customer_has_type (const RapportCustomer *self,
                           const char            *key)
{
  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (key != NULL, FALSE);

  for (guint i = 0; i < self->types->len; i++)
    if (g_str_equal (g_ptr_array_index (self->types, i), key))
      return TRUE;

  return FALSE;
}

void
rapport_customer_add_type (RapportCustomer *self,
                           const char      *key)
{
  g_return_if_fail (self != NULL);
  g_return_if_fail (key != NULL);

  if (!rapport_customer_has_type (self, key))
    g_ptr_array_add (self->types, g_strdup (key));
}

static const char *
preferred_value (GPtrArray *points)
{
  for (guint i = 0; i < points->len; i++)
    {
      const RapportContactPoint *point = g_ptr_array_index (points, i);

      if (point->preferred)
        return point->value;
    }

  if (points->len > 0)
    return ((const RapportContactPoint *) g_ptr_array_index (points, 0))->value;

  return NULL;
}

const char *
rapport_customer_get_email (const RapportCustomer *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return preferred_value (self->emails);
}

const char *
rapport_customer_get_phone (const RapportCustomer *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return preferred_value (self->phones);
}

char *
rapport_customer_dup_salutation_name (const RapportCustomer *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  if (self->kind == RAPPORT_CUSTOMER_KIND_PERSON)
    {
      if (self->first_name_basis && self->given_name != NULL && *self->given_name != '\0')
        return g_strdup (self->given_name);

      if (!self->first_name_basis &&
          self->form_of_address != NULL && *self->form_of_address != '\0' &&
          self->family_name != NULL && *self->family_name != '\0')
        return g_strdup_printf ("%s %s", self->form_of_address, self->family_name);
    }

  return g_strdup (self->display_name);
}

RapportContactPoint *
rapport_contact_point_new (const char *value,
                           const char *label,
                           gboolean    preferred)
{
  RapportContactPoint *self = g_new0 (RapportContactPoint, 1);

  self->value = g_strdup (value);
  self->label = g_strdup (label);
  self->preferred = !!preferred;

  return self;
}

void
rapport_contact_point_free (RapportContactPoint *self)
{
  if (self == NULL)
    return;

  g_free (self->value);
  g_free (self->label);
  g_free (self);
}

RapportAddress *
rapport_address_new (void)
{
  return g_new0 (RapportAddress, 1);
}

RapportAddress *
rapport_address_copy (const RapportAddress *self)
{
  RapportAddress *copy;

  g_return_val_if_fail (self != NULL, NULL);

  copy = rapport_address_new ();
  copy->label = g_strdup (self->label);
  copy->street = g_strdup (self->street);
  copy->locality = g_strdup (self->locality);
  copy->region = g_strdup (self->region);
  copy->postal_code = g_strdup (self->postal_code);
  copy->country = g_strdup (self->country);
  copy->preferred = self->preferred;

  return copy;
}

void
rapport_address_free (RapportAddress *self)
{
  if (self == NULL)
    return;

  g_free (self->label);
  g_free (self->street);
  g_free (self->locality);
  g_free (self->region);
  g_free (self->postal_code);
  g_free (self->country);
  g_free (self);
}
