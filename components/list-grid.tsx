'use client';

import {
  DataGrid,
  DataGridBody,
  DataGridCell,
  DataGridHeader,
  DataGridHeaderCell,
  DataGridRow,
  type TableColumnDefinition,
  type TableColumnId,
  type TableColumnSizingOptions,
  type DataGridProps,
} from '@fluentui/react-components';

export type ListGridProps<T> = {
  items: T[];
  columns: TableColumnDefinition<T>[];
  getRowId: (item: T) => string;
  label: string;
  // The column holding buttons or links: Tab moves between them instead of the cell taking focus.
  interactiveColumn?: TableColumnId;
  sortable?: boolean;
  columnSizing?: TableColumnSizingOptions;
  defaultSortState?: DataGridProps['defaultSortState'];
};

// <ListGrid items columns getRowId label interactiveColumn? sortable? defaultSortState? columnSizing? />:
// a read-only Fluent DataGrid with keyboard navigation between cells, the shape of every list page here.
export function ListGrid<T>({
  items,
  columns,
  getRowId,
  label,
  interactiveColumn,
  sortable,
  columnSizing,
  defaultSortState,
}: ListGridProps<T>) {
  return (
    <DataGrid
      items={items}
      columns={columns}
      getRowId={getRowId}
      sortable={sortable}
      defaultSortState={defaultSortState}
      resizableColumns={columnSizing !== undefined}
      columnSizingOptions={columnSizing}
      focusMode="composite"
      aria-label={label}
    >
      <DataGridHeader>
        <DataGridRow>
          {({ renderHeaderCell }) => <DataGridHeaderCell>{renderHeaderCell()}</DataGridHeaderCell>}
        </DataGridRow>
      </DataGridHeader>
      <DataGridBody<T>>
        {({ item, rowId }) => (
          <DataGridRow<T> key={rowId}>
            {({ renderCell, columnId }) => (
              <DataGridCell focusMode={columnId === interactiveColumn ? 'group' : 'cell'}>
                {renderCell(item)}
              </DataGridCell>
            )}
          </DataGridRow>
        )}
      </DataGridBody>
    </DataGrid>
  );
}
