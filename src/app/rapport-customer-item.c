/* rapport-customer-item.c */

#define G_LOG_DOMAIN "rapport-customer-item"

#include "config.h"

#include "rapport-customer-item.h"

struct _RapportCustomerItem
{
  GObject          parent_instance;
  gint64           id;
  RapportCustomer *customer;
};

G_DEFINE_FINAL_TYPE (RapportCustomerItem, rapport_customer_item, G_TYPE_OBJECT)

static void
rapport_customer_item_finalize (GObject *object)
{
  RapportCustomerItem *self = (RapportCustomerItem *)object;

  g_clear_pointer (&self->customer, rapport_customer_free);

  G_OBJECT_CLASS (rapport_customer_item_parent_class)->finalize (object);
}

static void
rapport_customer_item_class_init (RapportCustomerItemClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = rapport_customer_item_finalize;
}

static void
rapport_customer_item_init (RapportCustomerItem *self)
{
}

/* Takes @customer. */
RapportCustomerItem *
rapport_customer_item_new (gint64           id,
                           RapportCustomer *customer)
{
  RapportCustomerItem *self = g_object_new (RAPPORT_TYPE_CUSTOMER_ITEM, NULL);

  self->id = id;
  self->customer = customer;

  return self;
}

gint64
rapport_customer_item_get_id (RapportCustomerItem *self)
{
  g_return_val_if_fail (RAPPORT_IS_CUSTOMER_ITEM (self), 0);

  return self->id;
}

const RapportCustomer *
rapport_customer_item_get_customer (RapportCustomerItem *self)
{
  g_return_val_if_fail (RAPPORT_IS_CUSTOMER_ITEM (self), NULL);

  return self->customer;
}
