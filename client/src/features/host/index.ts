export { HostPage } from './HostPage';
