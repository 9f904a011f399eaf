/* rapport-customer-list-model.c */

#define G_LOG_DOMAIN "rapport-customer-list-model"

#include "config.h"

#include <string.h>

#include "rapport-customer-item.h"
#include "rapport-customer-list-model.h"

/* Items kept alive beyond what the view holds: a few screens' worth. */
#define CACHE_SIZE 256

struct _RapportCustomerListModel
{
  GObject              parent_instance;
  RapportStore        *store;
  char                *search;
  char                *type_key;
  RapportCustomerSort  sort;
  GArray              *ids;       /* gint64, in query order */
  GHashTable          *cache;     /* id -> RapportCustomerItem */
  GQueue               recent;    /* ids, most recent first */
  guint                total;
  guint                n_made;
};

static void list_model_iface_init (GListModelInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (RapportCustomerListModel, rapport_customer_list_model, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL, list_model_iface_init))

static GType
get_item_type (GListModel *model)
{
  return RAPPORT_TYPE_CUSTOMER_ITEM;
}

static guint
get_n_items (GListModel *model)
{
  return RAPPORT_CUSTOMER_LIST_MODEL (model)->ids->len;
}

static void
forget (RapportCustomerListModel *self,
        gint64                    id)
{
  GList *link;

  g_hash_table_remove (self->cache, &id);
  for (link = self->recent.head; link != NULL; link = link->next)
    {
      if (*(gint64 *) link->data == id)
        {
          g_free (link->data);
          g_queue_delete_link (&self->recent, link);
          break;
        }
    }
}

static gpointer
get_item (GListModel *model,
          guint       position)
{
  RapportCustomerListModel *self = RAPPORT_CUSTOMER_LIST_MODEL (model);
  RapportCustomerItem *item;
  RapportCustomer *customer;
  gint64 id;

  if (position >= self->ids->len)
    return NULL;

  id = g_array_index (self->ids, gint64, position);
  if ((item = g_hash_table_lookup (self->cache, &id)))
    return g_object_ref (item);

  customer = rapport_store_get_customer_summary (self->store, id, NULL);
  item = rapport_customer_item_new (id, customer);
  self->n_made++;

  g_hash_table_insert (self->cache, g_memdup2 (&id, sizeof id), g_object_ref (item));
  g_queue_push_head (&self->recent, g_memdup2 (&id, sizeof id));
  while (self->recent.length > CACHE_SIZE)
    {
      g_autofree gint64 *oldest = g_queue_pop_tail (&self->recent);

      g_hash_table_remove (self->cache, oldest);
    }

  return item;
}

static void
list_model_iface_init (GListModelInterface *iface)
{
  iface->get_item_type = get_item_type;
  iface->get_n_items = get_n_items;
  iface->get_item = get_item;
}

/* A cached row whose customer changed (last contact, next follow-up,
 * derived types) is said to change in place. */
static void
refresh_cached (RapportCustomerListModel *self)
{
  g_autoptr(GArray) changed = g_array_new (FALSE, FALSE, sizeof (gint64));
  GHashTableIter iter;
  gpointer key, value;

  g_hash_table_iter_init (&iter, self->cache);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      const RapportCustomer *old = rapport_customer_item_get_customer (value);
      g_autoptr(RapportCustomer) now = rapport_store_get_customer_summary (self->store, *(gint64 *) key, NULL);

      if (old == NULL || now == NULL ||
          old->last_contact != now->last_contact ||
          old->next_follow_up != now->next_follow_up ||
          old->derived_types->len != now->derived_types->len ||
          (now->derived_types->len > 0 &&
           g_strcmp0 (g_ptr_array_index (old->derived_types, 0), g_ptr_array_index (now->derived_types, 0)) != 0))
        g_array_append_val (changed, *(gint64 *) key);
    }

  for (guint i = 0; i < changed->len; i++)
    {
      gint64 id = g_array_index (changed, gint64, i);
      int position = rapport_customer_list_model_find (self, id);

      forget (self, id);
      if (position >= 0)
        g_list_model_items_changed (G_LIST_MODEL (self), position, 1, 1);
    }
}

/* Re-runs the query. @changed_id: the one customer whose data changed
 * (0: none, -1: any). When the order stays the same only rows that
 * changed are said to, so the view keeps its scroll position and
 * selection. */
static void
reload (RapportCustomerListModel *self,
        gint64                    changed_id)
{
  RapportCustomerQuery query = { 0 };
  g_autoptr(GArray) ids = NULL;
  g_autoptr(GError) error = NULL;
  guint old_len = self->ids->len;
  gboolean filtered = self->search != NULL || self->type_key != NULL;

  query.search = self->search;
  query.type_key = self->type_key;
  query.sort = self->sort;

  ids = rapport_store_list_customer_ids (self->store, &query, &error);
  if (ids == NULL)
    {
      g_warning ("Cannot list customers: %s", error->message);
      ids = g_array_new (FALSE, FALSE, sizeof (gint64));
    }

  if (!filtered)
    self->total = ids->len;
  else if (changed_id != 0)
    self->total = rapport_store_count_customers (self->store, NULL);

  /* (An empty GArray's data may be NULL, which memcmp must not see.) */
  if (ids->len == old_len &&
      (old_len == 0 || memcmp (ids->data, self->ids->data, old_len * sizeof (gint64)) == 0))
    {
      if (changed_id > 0)
        {
          int position = rapport_customer_list_model_find (self, changed_id);

          forget (self, changed_id);
          if (position >= 0)
            g_list_model_items_changed (G_LIST_MODEL (self), position, 1, 1);
        }
      else if (changed_id < 0)
        refresh_cached (self);
      return;
    }

  if (changed_id != 0)
    {
      g_hash_table_remove_all (self->cache);
      g_queue_clear_full (&self->recent, g_free);
    }

  /* Two steps: GTK 4.8 asks for every added item when one signal both
   * removes the rows it tracks and adds new ones, which with a search
   * over 100,000 customers took seconds. */
  g_array_set_size (self->ids, 0);
  if (old_len > 0)
    g_list_model_items_changed (G_LIST_MODEL (self), 0, old_len, 0);

  g_array_unref (self->ids);
  self->ids = g_steal_pointer (&ids);
  if (self->ids->len > 0)
    g_list_model_items_changed (G_LIST_MODEL (self), 0, 0, self->ids->len);
}

static void
store_changed_cb (RapportCustomerListModel *self,
                  guint                     entity,
                  guint                     change,
                  gint64                    id,
                  RapportStore             *store)
{
  switch ((RapportEntity) entity)
    {
    case RAPPORT_ENTITY_CUSTOMER:
      reload (self, change == RAPPORT_CHANGE_MODIFIED ? id : -1);
      break;

    case RAPPORT_ENTITY_INTERACTION:
    case RAPPORT_ENTITY_FOLLOW_UP:
    case RAPPORT_ENTITY_CONTRACT:
    case RAPPORT_ENTITY_ALL:
    case RAPPORT_ENTITY_CUSTOMER_TYPE:
      /* Rows show the last contact, the next follow-up and types. */
      reload (self, -1);
      break;

    case RAPPORT_ENTITY_NOTICE:
    case RAPPORT_ENTITY_CASE:
    case RAPPORT_ENTITY_FEEDBACK:
    case RAPPORT_ENTITY_SERVICE_TARGET:
    case RAPPORT_ENTITY_SETTING:
    default:
      break;
    }
}

static void
rapport_customer_list_model_finalize (GObject *object)
{
  RapportCustomerListModel *self = (RapportCustomerListModel *)object;

  g_clear_object (&self->store);
  g_clear_pointer (&self->search, g_free);
  g_clear_pointer (&self->type_key, g_free);
  g_clear_pointer (&self->ids, g_array_unref);
  g_clear_pointer (&self->cache, g_hash_table_unref);
  g_queue_clear_full (&self->recent, g_free);

  G_OBJECT_CLASS (rapport_customer_list_model_parent_class)->finalize (object);
}

static void
rapport_customer_list_model_class_init (RapportCustomerListModelClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = rapport_customer_list_model_finalize;
}

static void
rapport_customer_list_model_init (RapportCustomerListModel *self)
{
  self->ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  self->cache = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, g_object_unref);
  g_queue_init (&self->recent);
}

RapportCustomerListModel *
rapport_customer_list_model_new (RapportStore *store)
{
  RapportCustomerListModel *self;

  g_return_val_if_fail (RAPPORT_IS_STORE (store), NULL);

  self = g_object_new (RAPPORT_TYPE_CUSTOMER_LIST_MODEL, NULL);
  self->store = g_object_ref (store);
  g_signal_connect_object (store, "changed", G_CALLBACK (store_changed_cb), self, G_CONNECT_SWAPPED);
  reload (self, -1);

  return self;
}

static gboolean
set_string (char       **target,
            const char  *value)
{
  if (value != NULL && *value == '\0')
    value = NULL;

  if (g_strcmp0 (*target, value) == 0)
    return FALSE;

  g_free (*target);
  *target = g_strdup (value);
  return TRUE;
}

void
rapport_customer_list_model_set_search (RapportCustomerListModel *self,
                                        const char               *search)
{
  g_return_if_fail (RAPPORT_IS_CUSTOMER_LIST_MODEL (self));

  if (set_string (&self->search, search))
    reload (self, 0);
}

void
rapport_customer_list_model_set_type (RapportCustomerListModel *self,
                                      const char               *type_key)
{
  g_return_if_fail (RAPPORT_IS_CUSTOMER_LIST_MODEL (self));

  if (set_string (&self->type_key, type_key))
    reload (self, 0);
}

void
rapport_customer_list_model_set_sort (RapportCustomerListModel *self,
                                      RapportCustomerSort       sort)
{
  g_return_if_fail (RAPPORT_IS_CUSTOMER_LIST_MODEL (self));

  if (self->sort == sort)
    return;

  self->sort = sort;
  reload (self, 0);
}

int
rapport_customer_list_model_find (RapportCustomerListModel *self,
                                  gint64                    id)
{
  g_return_val_if_fail (RAPPORT_IS_CUSTOMER_LIST_MODEL (self), -1);

  for (guint i = 0; i < self->ids->len; i++)
    if (g_array_index (self->ids, gint64, i) == id)
      return i;

  return -1;
}

guint
rapport_customer_list_model_get_total (RapportCustomerListModel *self)
{
  g_return_val_if_fail (RAPPORT_IS_CUSTOMER_LIST_MODEL (self), 0);

  return self->total;
}

guint
rapport_customer_list_model_get_n_made (RapportCustomerListModel *self)
{
  g_return_val_if_fail (RAPPORT_IS_CUSTOMER_LIST_MODEL (self), 0);

  return self->n_made;
}
