import GroupsIcon from '@mui/icons-material/Groups';
import HistoryIcon from '@mui/icons-material/History';
import HubIcon from '@mui/icons-material/Hub';
import ScheduleIcon from '@mui/icons-material/Schedule';
import SchemaIcon from '@mui/icons-material/Schema';
import SettingsIcon from '@mui/icons-material/Settings';
import StorageIcon from '@mui/icons-material/Storage';
import SyncAltIcon from '@mui/icons-material/SyncAlt';
import TvIcon from '@mui/icons-material/Tv';
import AppBar from '@mui/material/AppBar';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import Drawer from '@mui/material/Drawer';
import List from '@mui/material/List';
import ListItemButton from '@mui/material/ListItemButton';
import ListItemIcon from '@mui/material/ListItemIcon';
import ListItemText from '@mui/material/ListItemText';
import Toolbar from '@mui/material/Toolbar';
import Typography from '@mui/material/Typography';
import { Link, Outlet, useLocation } from 'react-router';
import { useAppInfo } from '../api/app-info';
import { LabMenu } from '../features/lab/lab-menu';

const DRAWER_WIDTH = 220;

const NAV = [
  { to: '/systems', label: 'Connected Systems', icon: <StorageIcon fontSize="small" />, testId: 'nav-systems' },
  { to: '/metaverse', label: 'Metaverse', icon: <GroupsIcon fontSize="small" />, testId: 'nav-metaverse' },
  { to: '/sync-rules', label: 'Sync Rules', icon: <SyncAltIcon fontSize="small" />, testId: 'nav-sync-rules' },
  { to: '/schedules', label: 'Schedules', icon: <ScheduleIcon fontSize="small" />, testId: 'nav-schedules' },
  { to: '/activities', label: 'Activities', icon: <HistoryIcon fontSize="small" />, testId: 'nav-activities' },
  {
    to: '/metaverse-schema',
    label: 'Metaverse Schema',
    icon: <SchemaIcon fontSize="small" />,
    testId: 'nav-mv-schema',
  },
  { to: '/settings', label: 'Settings', icon: <SettingsIcon fontSize="small" />, testId: 'nav-settings' },
];

/** "/metaverse" must not light up on "/metaverse-schema": match whole path segments only. */
function isActive(pathname: string, to: string): boolean {
  return pathname === to || pathname.startsWith(`${to}/`);
}

export function AppShell() {
  const { pathname } = useLocation();
  const info = useAppInfo();
  return (
    <Box sx={{ display: 'flex', height: '100vh' }}>
      <AppBar position="fixed" color="primary" sx={{ zIndex: (t) => t.zIndex.drawer + 1 }}>
        <Toolbar variant="dense">
          <HubIcon sx={{ mr: 1.5 }} />
          <Typography variant="h6" component="div" sx={{ flexGrow: 1, fontWeight: 600 }}>
            Junction
          </Typography>
          <LabMenu />
          <Button
            component={Link}
            to="/present"
            color="inherit"
            size="small"
            startIcon={<TvIcon />}
            data-testid="open-presenter"
            sx={{ mr: 1.5 }}
          >
            Presenter view
          </Button>
          {info && (
            <Typography variant="caption" sx={{ opacity: 0.8 }} title={info.databasePath}>
              v{info.version}
            </Typography>
          )}
        </Toolbar>
      </AppBar>
      <Drawer
        variant="permanent"
        sx={{
          width: DRAWER_WIDTH,
          flexShrink: 0,
          '& .MuiDrawer-paper': { width: DRAWER_WIDTH, boxSizing: 'border-box' },
        }}
      >
        <Toolbar variant="dense" />
        <List dense component="nav">
          {NAV.map((item) => (
            <ListItemButton
              key={item.to}
              component={Link}
              to={item.to}
              selected={isActive(pathname, item.to)}
              data-testid={item.testId}
            >
              <ListItemIcon sx={{ minWidth: 36 }}>{item.icon}</ListItemIcon>
              <ListItemText primary={item.label} />
            </ListItemButton>
          ))}
        </List>
      </Drawer>
      <Box component="main" sx={{ flexGrow: 1, minWidth: 0, overflow: 'auto', bgcolor: 'background.default' }}>
        <Toolbar variant="dense" />
        <Box sx={{ p: 3 }}>
          <Outlet />
        </Box>
      </Box>
    </Box>
  );
}
