import {
  Sidebar,
  SidebarDivider,
  SidebarItem,
  SidebarPage,
} from '@backstage/core-components';
import CategoryIcon from '@material-ui/icons/Category';
import CreateComponentIcon from '@material-ui/icons/AddCircleOutline';
import { SidebarSignOut } from './SidebarSignOut';
import type { PropsWithChildren } from 'react';

export const Root = ({ children }: PropsWithChildren<{}>) => (
  <SidebarPage>
    <Sidebar>
      <SidebarItem icon={CategoryIcon} to="catalog" text="Catalog" />
      <SidebarItem icon={CreateComponentIcon} to="create" text="Create..." />
      <SidebarDivider />
      <SidebarSignOut />
    </Sidebar>
    {children}
  </SidebarPage>
);
